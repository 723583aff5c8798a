/** The part of jstat (which ships no types) that the prompt A/B test uses. */
declare module "jstat" {
  interface JStat {
    studentt: { cdf(x: number, degreesOfFreedom: number): number };
    mean(values: number[]): number;
    /** Sample variance when `flag` is true. */
    variance(values: number[], flag?: boolean): number;
  }
  const jStat: JStat & { jStat: JStat };
  export = jStat;
}
