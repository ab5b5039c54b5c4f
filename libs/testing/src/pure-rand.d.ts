// pure-rand 8 names its entry points only in package.json "exports", which the workspace's node10 module
// resolution (tsconfig.base.json) does not read; Node.js and Jest do. These declarations point the type
// checker at the declaration files the package ships for the two entry points this package uses.
declare module 'pure-rand/generator/xoroshiro128plus' {
  export * from 'pure-rand/lib/generator/xoroshiro128plus';
}
declare module 'pure-rand/distribution/uniformFloat64' {
  export * from 'pure-rand/lib/distribution/uniformFloat64';
}
