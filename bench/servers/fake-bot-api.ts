// A counting Bot API for the benchmark: answers every call like Telegram and counts sendMessage.
import http from 'node:http';

let sent = 0;
http
  .createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      if (request.url === '/count') return response.end(JSON.stringify({ sent }));
      if (request.url === '/reset') {
        sent = 0;
        return response.end('{}');
      }
      if (request.url?.endsWith('/sendMessage')) sent++;
      response.end(JSON.stringify({ ok: true, result: { message_id: sent, chat: { id: 1 }, date: 0 } }));
    });
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'));
