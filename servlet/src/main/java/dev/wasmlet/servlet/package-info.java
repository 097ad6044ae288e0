/**
 * Wasmlet in a Jakarta Servlet 6 container: {@link dev.wasmlet.servlet.WasmProxyServlet} serves
 * requests with a pool of {@code wasi:http} guest instances that {@link
 * dev.wasmlet.servlet.WasmPoolListener} starts from {@link dev.wasmlet.servlet.WasmletSettings},
 * through a {@link dev.wasmlet.servlet.ProxyHandlerFactory}.
 */
package dev.wasmlet.servlet;
