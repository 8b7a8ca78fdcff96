/** How the sample data is named wherever its source is shown (`sources`, answers). */
export const SAMPLE_SOURCE = "sample data (fictional team)";
