// Served by the service worker in place of any page when the network is gone: plain HTML, no
// script (hydrating it at another URL would try to load that page's data, offline).
export const csr = false;
