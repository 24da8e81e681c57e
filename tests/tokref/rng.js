// A seeded xorshift32 generator: rng(seed)() gives numbers in [0, 1), the same
// for a seed on every node version. Shared by mktext.js and stress.js.
"use strict";

module.exports = function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
};
