// A download client in its own process (see download-client.ts): plain JavaScript under plain
// node, nothing loaded but node:http. Prints one JSON array: status, bytes and ms per download.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const [baseUrl, path, times] = process.argv.slice(2);
const url = new URL(baseUrl);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const download = () =>
  new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get({ host: url.hostname, port: Number(url.port), path, agent }, (res) => {
      let bytes = 0;
      res.on('data', (chunk) => (bytes += chunk.length));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode, bytes, ms: performance.now() - t0 }));
    });
    req.on('error', reject);
  });
const answers = [];
for (let i = 0; i < Number(times); i++) answers.push(await download());
agent.destroy();
process.stdout.write(JSON.stringify(answers));
