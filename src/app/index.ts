export { createKaiwa, type Kaiwa, type KaiwaOptions, type ReloadResult } from './create-kaiwa.js';
export { watchShop } from '../shop/watch.js';
export { openShopStore, withShopStore, type ShopStore } from './open-shop-store.js';
export { serveKaiwa, type ServeOptions, type ServedKaiwa } from './serve.js';
