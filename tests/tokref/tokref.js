// Reference token ids from @lenml/tokenizers (JavaScript port of Hugging Face tokenizers).
// usage: node tokref.js TOKENIZER_JSON [--count|--bench] [FILE...]
// Without FILE, reads stdin and prints one id per line (or the count; or with
// --bench a line "load_ms encode_ms tokens" of CPU time for bench/tok.sh).
// With FILEs, prints one line per file: "<ids separated by spaces>\t<file>"
// (or "<count>\t<file>"). Text is decoded like TextDecoder (U+FFFD for invalid
// UTF-8) and encoded without special tokens (add_special_tokens: false).
// @lenml/tokenizers is resolved from NODE_PATH (tests/.cache/npm/node_modules).
"use strict";
const fs = require("fs");
const path = require("path");
const { TokenizerLoader } = require("@lenml/tokenizers");

function main(argv) {
  const args = argv.slice(2);
  const count = args.includes("--count");
  const bench = args.includes("--bench");
  const rest = args.filter((a) => a !== "--count" && a !== "--bench");
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const t0 = cpu();
  if (rest.length < 1) {
    process.stderr.write("usage: node tokref.js TOKENIZER_JSON [--count] [FILE...]\n");
    process.exit(2);
  }
  const jsonPath = rest[0];
  const cfgPath = path.join(path.dirname(jsonPath), "tokenizer_config.json");
  const tokenizerJSON = JSON.parse(fs.readFileSync(jsonPath, "utf8"));
  const tokenizerConfig = fs.existsSync(cfgPath)
    ? JSON.parse(fs.readFileSync(cfgPath, "utf8"))
    : {};
  const tok = TokenizerLoader.fromPreTrained({ tokenizerJSON, tokenizerConfig });
  const dec = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
  const encode = (buf) =>
    tok.encode(dec.decode(buf), { add_special_tokens: false });
  if (rest.length === 1 && bench) {
    const input = fs.readFileSync(0);
    const t1 = cpu();
    const ids = encode(input);
    const t2 = cpu();
    const ms = (a, b) => (b - a).toFixed(1);
    process.stdout.write(`${ms(t0, t1)} ${ms(t1, t2)} ${ids.length}\n`);
    return;
  }
  if (rest.length === 1) {
    const ids = encode(fs.readFileSync(0));
    process.stdout.write(count ? ids.length + "\n" : ids.map((x) => x + "\n").join(""));
    return;
  }
  const out = [];
  for (const f of rest.slice(1)) {
    const ids = encode(fs.readFileSync(f));
    out.push((count ? String(ids.length) : ids.join(" ")) + "\t" + f + "\n");
  }
  process.stdout.write(out.join(""));
}

main(process.argv);
