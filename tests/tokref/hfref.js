// Reference token ids from Hugging Face's own tokenizers (npm `tokenizers`,
// the Rust library with native Node bindings), or from OpenAI's tiktoken
// (npm `tiktoken`, its Rust core as WebAssembly) for an encoding name.
// usage: node hfref.js TOKENIZER_JSON|tiktoken:ENCODING [--count|--bench] [[lines:]FILE...]
// With FILEs, prints one line per file: "<ids separated by spaces>\t<file>"
// (or the count); for lines:FILE one line per line of the file
// ("\t<file>:<n>", lines split at "\n", which is not counted). Without FILE,
// --bench reads stdin and prints "load_ms encode_ms tokens" of CPU time (for
// bench/tok.sh). Text is decoded like TextDecoder (U+FFFD for invalid UTF-8,
// a BOM kept) and encoded without special tokens around it; added (special)
// tokens written in the text become their ids on both sides. The packages are
// resolved from NODE_PATH (tests/.cache/npm/node_modules).
"use strict";
const fs = require("fs");

function loader(spec) {
  if (spec.startsWith("tiktoken:")) {
    const { get_encoding } = require("tiktoken");
    const enc = get_encoding(spec.slice(9));
    return async (texts) => texts.map((t) => Array.from(enc.encode(t, "all")));
  }
  const { Tokenizer } = require("tokenizers");
  const tok = Tokenizer.fromFile(spec);
  return async (texts) => {
    const encs = await tok.encodeBatch(texts, { addSpecialTokens: false });
    return encs.map((e) => e.getIds());
  };
}

async function main() {
  const args = process.argv.slice(2);
  const flag = (f) => args.includes(f);
  const rest = args.filter((a) => !a.startsWith("--"));
  if (!rest.length) {
    process.stderr.write("usage: node hfref.js TOKENIZER_JSON|tiktoken:ENC [--lines|--count|--bench] [FILE...]\n");
    process.exit(2);
  }
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const t0 = cpu();
  const encode = loader(rest[0]);
  const dec = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
  if (flag("--bench")) {
    const text = dec.decode(fs.readFileSync(0));
    await encode(["warm up"]);
    const t1 = cpu();
    const [ids] = await encode([text]);
    const t2 = cpu();
    process.stdout.write(`${(t1 - t0).toFixed(1)} ${(t2 - t1).toFixed(1)} ${ids.length}\n`);
    return;
  }
  const out = [];
  for (const arg of rest.slice(1)) {
    const lines = arg.startsWith("lines:");
    const f = lines ? arg.slice(6) : arg;
    const text = dec.decode(fs.readFileSync(f));
    const parts = lines ? text.split("\n") : [text];
    const all = await encode(parts);
    all.forEach((ids, i) => {
      const name = lines ? `${f}:${i + 1}` : f;
      out.push((flag("--count") ? String(ids.length) : ids.join(" ")) + "\t" + name + "\n");
    });
  }
  process.stdout.write(out.join(""));
}

main().catch((e) => { process.stderr.write(String(e && e.stack || e) + "\n"); process.exit(1); });
