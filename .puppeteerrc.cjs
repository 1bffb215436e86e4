// whatsapp-web.js (a development dependency here) pulls in puppeteer: never download a browser.
module.exports = { skipDownload: true };
