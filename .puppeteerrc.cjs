// whatsapp-web.js pulls in puppeteer: never download a browser; use Debian's chromium.
module.exports = { skipDownload: true, executablePath: '/usr/bin/chromium' };
