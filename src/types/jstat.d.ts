/** The part of jstat (which ships no types) that the prompt A/B test uses. */
declare module "jstat" {
  interface JStat {
    studentt: { cdf(x: number, degreesOfFreedom: number): number };
    mean(values: number[]): number;
    /** Sample variance when `flag` is true. */
    variance(values: number[], flag?: boolean): number;
    /** Sample standard deviation when `flag` is true. */
    stdev(values: number[], flag?: boolean): number;
    /** Pearson correlation coefficient of two equally long samples. */
    corrcoeff(a: number[], b: number[]): number;
  }
  const jStat: JStat & { jStat: JStat };
  export = jStat;
}
