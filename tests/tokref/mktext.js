// Deterministic mixed text for tokenizer tests and benchmarks.
// usage: node mktext.js SEED BYTES [CORPUS_DIR] > text
// Mixes words of the corpus files with random runs of digits, white space,
// punctuation and code points from many scripts (CJK, Arabic, emoji,
// combining marks...), so the exact-id comparison sees unusual sequences too.
"use strict";
const fs = require("fs");
const path = require("path");

const rng = require("./rng");

const RANGES = [
  [0x41, 0x7a], [0xc0, 0x24f], [0x300, 0x36f], [0x370, 0x3ff], [0x400, 0x4ff],
  [0x590, 0x5ff], [0x600, 0x6ff], [0x900, 0x97f], [0xe00, 0xe7f],
  [0x1100, 0x11ff], [0x2000, 0x206f], [0x2190, 0x23ff], [0x3000, 0x30ff],
  [0x4e00, 0x9fff], [0xac00, 0xd7a3], [0xff00, 0xffef], [0x1f300, 0x1faff],
  [0x1d400, 0x1d7ff], [0x20000, 0x2a6df],
];
const SPACES = [" ", " ", " ", "\t", "\n", "\r\n", "\u00a0", "\u3000", "\u2009"];
const PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~…—–«»“”‘’¿¡";

function main() {
  const seed = Number(process.argv[2] || 1);
  const size = Number(process.argv[3] || 100000);
  const dir = process.argv[4] || path.join(__dirname, "corpus");
  const words = fs.readdirSync(dir).filter((f) => f.endsWith(".txt"))
    .sort().flatMap((f) => fs.readFileSync(path.join(dir, f), "utf8").split(/\s+/))
    .filter((w) => w);
  const r = rng(seed);
  const pick = (a) => a[Math.floor(r() * a.length)];
  const parts = [];
  let n = 0;
  while (n < size) {
    const k = r();
    let s;
    if (k < 0.55) s = pick(words) + " ";
    else if (k < 0.65) s = String(Math.floor(r() * 1e7)).slice(0, 1 + Math.floor(r() * 7));
    else if (k < 0.75) s = Array.from({ length: 1 + Math.floor(r() * (r() < 0.1 ? 60 : 4)) }, () => pick(SPACES)).join("");
    else if (k < 0.82) s = Array.from({ length: 1 + Math.floor(r() * 3) }, () => PUNCT[Math.floor(r() * PUNCT.length)]).join("");
    else {
      const [a, b] = pick(RANGES);
      s = Array.from({ length: 1 + Math.floor(r() * 6) }, () => String.fromCodePoint(a + Math.floor(r() * (b - a + 1)))).join("");
    }
    parts.push(s);
    n += Buffer.byteLength(s);
  }
  process.stdout.write(parts.join(""));
}

main();
