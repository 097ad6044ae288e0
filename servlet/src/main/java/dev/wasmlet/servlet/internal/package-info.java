/**
 * The servlet module's internals: request and response body bridging, the error mapping, the
 * configuration readers and the JMX view. Not an API; it may change without notice.
 */
package dev.wasmlet.servlet.internal;
