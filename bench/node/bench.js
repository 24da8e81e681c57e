// Sends N chat completions through the official openai client, C at a time; prints "reqs secs cpu_us_per_req".
const OpenAI = require("openai");

async function main() {
  const [baseURL, n, c, file] = [process.argv[2], +process.argv[3], +process.argv[4], process.argv[5]];
  const prompts = require("fs").readFileSync(file, "utf8").split("\n").filter(Boolean);
  const client = new OpenAI({ baseURL, apiKey: "bench", maxRetries: 0, timeout: 600000 });
  let next = 0, ok = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  async function worker() {
    while (next < n) {
      const i = next++;
      const r = await client.chat.completions.create({
        model: "echo", temperature: 0,
        messages: [{ role: "user", content: prompts[i % prompts.length] }],
      });
      if (r.choices[0].message.content !== undefined) ok++;
    }
  }
  await Promise.all(Array.from({ length: c }, worker));
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  console.log(`${ok} ${secs.toFixed(3)} ${((cpu.user + cpu.system) / ok).toFixed(1)}`);
}

main().catch((e) => { console.error(e.message); process.exit(1); });
