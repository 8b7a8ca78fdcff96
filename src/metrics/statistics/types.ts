/** A two-sided confidence interval, `lo ≤ hi`, in the unit of the quantity it bounds. */
export interface Interval {
  lo: number;
  hi: number;
}

/** Summary statistics of a sample: mean, sample standard deviation (n − 1) and size. */
export interface MeanSummary {
  mean: number;
  sd: number;
  n: number;
}
