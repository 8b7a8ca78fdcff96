/**
 * A lookup table of typed words with no prototype, so `__proto__`,
 * `constructor` or `toString` typed in a command finds nothing, like any
 * other unknown word. Every word table of the command language is one.
 *
 * @example table({ wow: "week" })["__proto__"] // undefined
 */
export function table<T>(entries: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}

/** Weekday words (0 = Sunday), as questions ("since Monday") and digest schedules ("weekly mon,thu") take them. */
export const WEEKDAY_WORDS: Record<string, number> = table({
  sunday: 0, sun: 0, monday: 1, mon: 1, tuesday: 2, tue: 2, tues: 2, wednesday: 3, wed: 3, thursday: 4, thu: 4, thur: 4, thurs: 4,
  friday: 5, fri: 5, saturday: 6, sat: 6,
});
