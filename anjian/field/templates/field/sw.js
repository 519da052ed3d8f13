/* The field app's service worker (anjian/field/views.py puts self.ANJIAN_SW above this text).
   Workbox from our own static files; the field pages network-first with their last copy as the fallback;
   the queue of records sent by Background Sync where the browser has it (the pages also send it themselves). */
"use strict";
var CONFIG = self.ANJIAN_SW;
importScripts(CONFIG.workbox);
workbox.setConfig({ debug: false, modulePathCb: function (name) { return CONFIG.modules[name]; } });
importScripts.apply(self, CONFIG.scripts); // idb, the queue and its sender, for the sync event

// Modules load on first use, which must happen while the worker starts (not inside an event).
var core = workbox.core, routing = workbox.routing, strategies = workbox.strategies, precaching = workbox.precaching;
var PAGES = "anjian-field-pages";

core.setCacheNameDetails({ prefix: "anjian-field" });
precaching.precacheAndRoute(CONFIG.precache);
precaching.cleanupOutdatedCaches();
self.skipWaiting();
core.clientsClaim();

var pages = new strategies.NetworkFirst({ cacheName: PAGES, networkTimeoutSeconds: 8 });
var inspectionPage = /^\/field\/inspection\/\d+\/$/;

routing.registerRoute(
  function (ctx) { return ctx.request.mode === "navigate" && ctx.url.pathname.indexOf("/field/") === 0; },
  function (ctx) {
    return pages.handle(ctx).catch(function () {
      // A unit whose visit page was never opened online: the shell of every unit's visit, which reads the address.
      if (inspectionPage.test(ctx.url.pathname)) {
        return caches.open(PAGES).then(function (c) { return c.match(CONFIG.inspection_shell); })
          .then(function (r) { return r || Response.error(); });
      }
      return Response.error();
    });
  }
);

// The page shells are kept at install, so that the first visit's other pages open offline too.
self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(PAGES).then(function (cache) {
    return Promise.all(CONFIG.pages.map(function (url) {
      return fetch(url, { credentials: "same-origin", redirect: "manual" }).then(function (r) {
        if (r.ok) return cache.put(url, r);
      }).catch(function () {});
    }));
  }));
});

self.addEventListener("sync", function (event) {
  if (event.tag !== AnjianSync.TAG) return;
  event.waitUntil(AnjianSync.run().then(function (result) {
    return notifyPages().then(function () {
      if (result.offline) throw new Error("offline"); // the browser tries again later
    });
  }));
});

function notifyPages() {
  return self.clients.matchAll({ type: "window" }).then(function (all) {
    all.forEach(function (c) { c.postMessage({ type: "anjian-field-queue" }); });
  });
}
