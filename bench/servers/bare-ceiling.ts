// The ceiling: a bare node:http server that parses the same Telegram update and makes the same
// one outbound call, persisting nothing. Nothing can answer a webhook faster than this.
import http from 'node:http';

const apiRoot = process.env.TELEGRAM_API_ROOT!;
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const update = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      message: { chat: { id: number }; text: string };
    };
    const body = JSON.stringify({ chat_id: update.message.chat.id, text: `echo: ${update.message.text}` });
    const outbound = http.request(
      `${apiRoot}/bot1:x/sendMessage`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (answer) => {
        answer.resume();
        answer.on('end', () => response.end('{"ok":true}'));
      },
    );
    outbound.end(body);
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'));
