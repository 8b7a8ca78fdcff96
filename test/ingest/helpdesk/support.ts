/** Test support for help-desk sync: how busy the busiest window of requests was. */

/** The most arrivals (epoch ms, in order) that fall inside any window of `ms`. */
export function busiestWindow(times: readonly number[], ms: number): number {
  let most = 0;
  for (let i = 0; i < times.length; i++) {
    let n = 0;
    for (let j = i; j < times.length && times[j]! - times[i]! < ms; j++) n++;
    most = Math.max(most, n);
  }
  return most;
}
