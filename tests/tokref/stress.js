// A deterministic text that stresses a tokenizer's Unicode handling.
// usage: node stress.js [SEED] > text
// Holds, in seeded order and mixed with ASCII words: code points from every
// 128-code-point block of the Unicode range (assigned or not, no surrogates),
// emoji and ZWJ sequences up to Unicode 17, combining-mark runs,
// compatibility characters (NFKC changes them), full-width forms, invisible
// and bidi controls, byte-order marks, long words, white-space runs (U+0085,
// U+FEFF, U+3000...), code, and numbers in many scripts. Lines are short, so
// the text also serves line by line. No dependency on node's Unicode tables.
"use strict";

const rng = require("./rng");

const cp = (...a) => String.fromCodePoint(...a);
const range = (a, b) => { const r = []; for (let c = a; c <= b; c++) r.push(cp(c)); return r.join(""); };

const EMOJI = [
  "😀", "👍🏽", "👩‍💻", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇺🇳", "🇯🇵", "1️⃣", "#️⃣", "❤️‍🔥",
  "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "🧑🏿‍🤝‍🧑🏻", "🫠", "🫨", "🩷", "🪼", "🛜", "🫎", "🪿", "🐦‍🔥",
  "🍋‍🟩", "🍄‍🟫", "🙂‍↔️", "🙂‍↕️", "⛓️‍💥", "🧑‍🧑‍🧒‍🧒", "🚶‍➡️", "🧎🏽‍♀️‍➡️", "🫩", "🫆",
  "🪾", "🫜", "🪉", "🪏", "🫟", "🇨🇶", "🫪", "🫯", "🪊", "🫈", "🪎", "🫍", "🐋‍🟩",
  "👯🏻‍♀️", "🫱🏼‍🫲🏿", "☺︎", "☺️", "\u{1F6DC}", "\u{1FA75}", "\u{1FAAD}",
];
const COMBINING = [
  "e" + range(0x300, 0x36f), "Z" + "\u0337\u0336\u0338\u0334".repeat(12),
  "\u1100\u1161\u11A8\u1100\u1161", "क्‍ष", "नमस्ते", "\u0627\u064e\u0644\u0652\u0639\u064e\u0631\u064e\u0628\u0650\u064a\u0651\u064e\u0629",
  "ก่้๊๋", "a\u20dd\u20de", "\u0915\u093c\u0947\u0902", "ä a\u0308 A\u030A Å Å", "\u1e9b\u0323",
  "ᄀᄀᄀ각ᆨᆨ", "\u0f40\u0fb5\u0f71\u0f72", "ﾊﾞﾋﾟ", "\u0e17\u0e35\u0e48", "x\u034fy", "\u{1d15e}\u{1d165}",
];
const COMPAT = [
  "ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ", "ℌ ℍ ℕ ℙ ℚ ℝ ℤ", "① ② ⑳ ㉑ ㊿", "㍿ ㋿ ㍻ ㍼ ㍽ ㍾ ㏿", "¼ ½ ¾ ⅐ ⅒ ↉",
  "™ ℠ ℡ ℻ ㎏ ㎞ ㏄", "x² y³ ₁₂₃ ⁿ ⁱ", "Ⅰ Ⅻ ⅻ ↀ ↂ", "ｶﾞｷﾞｸﾞ ｱｲｳ", "豈 更 車 賈 滑",
  "⼀ ⼆ ⿕", "🄰 🅐 🆎 🈁", "𝐀𝐁𝐂 𝔄𝔅 𝕬 𝟎𝟏𝟐 𝟘𝟙", "ﷺ ﷻ ﷽", "ǅ ǈ ǋ ǲ", "ſt ﬅ ẞ ß", "Ǆ ǆ Ĳ ĳ ŉ",
  "℃ ℉ Å K Ω", "… ‥ ․", "〔〕 ︵︶ ﹏", "\u2126\u212a\u212b", "ｘ\uff40ﾟ", "\u{1F200}\u{1F201}\u{1F202}",
];
const FULLWIDTH = ["ＡＢＣｄｅｆ", "１２３４５", "！？＃＄％＆（）", "＠ＧＰＴ－４", "　全角スペース　"];
const INVISIBLE = [
  "\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\u061c", "\u200e", "\u200f", "\u202a",
  "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff",
  "\u180e", "\u034f", "\ufe00", "\ufe0f", "\u{e0100}", "\u{e0001}", "\u{e0041}", "\u2028",
  "\u2029", "\ufffc", "\ufffd", "\ufff9\ufffa\ufffb", "\u115f\u1160", "\u3164", "\uffa0",
  "\u{1d173}", "\u{1bca0}", "\u0000", "\u0001", "\u001b", "\u007f", "\u0085", "\u009f",
];
const SPACES = [
  " ", "  ", "\t", "\n", "\r\n", "\r", "\u000b", "\u000c", "\u0085", "\u00a0", "\u1680",
  "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006", "\u2007", "\u2008",
  "\u2009", "\u200a", "\u202f", "\u205f", "\u3000", "\ufeff", "\u180e", "\u200b",
];
const WORDS = [
  "the", "The", "THE", "don't", "DON'T", "it's", "It'S", "we'll", "WE'LL", "I'm", "you're",
  "they've", "he'd", "it\u017fs", "x'\u017f", "'S", "'s", "'ll", "’s", "naïve", "café", "Straße",
  "İstanbul", "ǅemal", "ΣΊΣΥΦΟΣ", "σοφός", "Привет", "мир", "日本語", "中文字符", "한국어",
  "עברית", "العربية", "हिन्दी", "தமிழ்", "ไทย", "ລາວ", "ქართული", "Հայերեն", "አማርኛ", "ᏣᎳᎩ",
  "ᐃᓄᒃᑎᑐᑦ", "ꦧꦱꦗꦮ", "𐌰𐌱𐌲", "𓀀𓀁", "\u{11f04}\u{11f05}", "\u{1e4d0}\u{1e4d1}", "\u{10d50}\u{10d51}",
  "\u{16d43}\u{16d44}", "\u{1e5d0}\u{1e5d1}", "\u{11380}\u{11381}", "CamelCaseWord", "snake_case_word",
  "HTTPServer", "iPhone", "McDonald's", "e-mail", "foo.bar", "x=y", "a/b/c", "--flag",
];
const CODE = [
  "int main(void) {\n\treturn 0;\n}", "def f(x):\n    return x ** 2  # square",
  "const re = /[\\p{L}]+/gu;", "{\"key\": [1, 2.5e-3, null, true], \"s\": \"\\u00e9\"}",
  "<div class=\"a\">&amp;&nbsp;</div>", "SELECT * FROM t WHERE a >= 10 AND b <> 'x';",
  "https://example.com/path?q=1&r=%20#frag", "aGVsbG8gd29ybGQ=", "if (a && b || !c) { x += 1; }",
  "    indented\n        more\n\t\ttabs", "$ ls -la | grep '^d' > out.txt 2>&1", "x := <-ch",
  "fn main() -> Result<(), Box<dyn Error>> {}", "@decorator\nclass A(B, metaclass=M): pass",
];
const NUMBERS = [
  "1234567890", "3.14159265358979", "1e-10", "-42", "+7", "1,234,567.89", "0x1F600", "0b1010",
  "007", "2026-12-06T01:02:03Z", "٠١٢٣٤٥٦٧٨٩", "۰۱۲۳", "०१२३४५६७८९", "০১২৩", "๐๑๒๓", "１２３",
  "\u{11f50}\u{11f51}\u{11f52}\u{11f53}", "\u{1e4f0}\u{1e4f1}\u{1e4f2}", "\u{10d40}\u{10d41}\u{10d42}",
  "\u{11bf0}\u{11bf1}", "\u{16d70}\u{16d71}", "\u{16130}\u{16131}", "\u{1e5f1}\u{1e5f2}",
  "\u{1ccf0}\u{1ccf1}\u{1ccf2}", "\u{116d0}\u{116d1}", "\u{1d7ce}\u{1d7cf}", "²³¹", "½¼", "ⅫⅣ",
  "〇一二三", "𝟙𝟚𝟛", "①②③", "\u{1f100}\u{1f101}", "12345678901234567890123456789",
];

function main() {
  const seed = Number(process.argv[2] || 1);
  const r = rng(seed);
  const pick = (a) => a[Math.floor(r() * a.length)];
  const parts = [];
  // every 128-code-point block of the range: 12 code points from each, then a space
  for (let b = 0; b < 0x110000; b += 128) {
    if (b >= 0xd800 && b < 0xe000) continue;
    let s = "";
    for (let i = 0; i < 12; i++) s += cp(b + Math.floor(r() * 128));
    parts.push(s);
    if (r() < 0.3) parts.push(pick(WORDS));
    parts.push(r() < 0.1 ? "\n" : r() < 0.5 ? " " : pick(SPACES));
  }
  const groups = [EMOJI, COMBINING, COMPAT, FULLWIDTH, INVISIBLE, SPACES, WORDS, CODE, NUMBERS];
  for (let i = 0; i < 8000; i++) {
    const g = pick(groups);
    let s = pick(g);
    if (r() < 0.15) s = s + pick(INVISIBLE) + pick(WORDS);
    if (r() < 0.1) s = pick(SPACES) + pick(SPACES) + s;
    parts.push(s);
    parts.push(r() < 0.08 ? "\n" : r() < 0.6 ? " " : pick(SPACES));
  }
  // long words and runs
  parts.push("\n" + "a".repeat(5000) + "\n" + "ab".repeat(3000) + "\n" + "9".repeat(4000) + "\n");
  parts.push("日本".repeat(2000) + "\n" + "😀".repeat(1000) + "\n" + "!".repeat(3000) + "\n");
  parts.push(" ".repeat(3000) + "x\n" + "\t".repeat(1000) + "\n" + "\n".repeat(50) + " \u3000".repeat(500) + "\n");
  parts.push("\u0085".repeat(300) + "y\n" + "\ufeff".repeat(300) + "z\n" + "e\u0301".repeat(2000) + "\n");
  parts.push("Supercalifragilisticexpialidocious".repeat(80) + "\n");
  parts.push("\ufeffStarts with a BOM\n \t\ufeff mid-text BOM \ufeff\ufeff\n");
  process.stdout.write(parts.join(""));
}

main();
