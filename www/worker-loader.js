// Starts a simulation worker from the page's own wasm module: the page passes the URLs of its wasm-bindgen
// glue and wasm (`?glue=...&wasm=...`), so the engine is downloaded once and cached for every worker.
// Initialising the module runs its start function, which registers the worker when there is no window.
'use strict';
const params = new URL(self.location.href).searchParams;
import(params.get('glue')).then((glue) => glue.default({ module_or_path: params.get('wasm') }));
