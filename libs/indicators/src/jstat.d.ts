// jstat ships no types. Declared here: only the functions this package calls, so that a call to anything
// else fails the type check instead of being `any`.
declare module 'jstat' {
  export const jStat: {
    normal: {
      inv(p: number, mean: number, sd: number): number;
    };
    studentt: {
      inv(p: number, dof: number): number;
      cdf(x: number, dof: number): number;
    };
  };
}
