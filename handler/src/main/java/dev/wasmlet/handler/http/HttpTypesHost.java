package dev.wasmlet.handler.http;

import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import dev.wasmlet.runtime.types.ResultValue;
import dev.wasmlet.runtime.types.VariantValue;
import dev.wasmlet.runtime.wasi.IoError;
import dev.wasmlet.runtime.wasi.Pollable;
import java.util.List;
import java.util.Optional;

/**
 * {@code wasi:http/types}: every function of the interface, over the resource classes named as
 * the WIT names them. Keeps no state: per-instance state is the {@link HttpContext} of the
 * instance's store and the resource objects.
 */
@WitInterface(value = "wasi:http/types@0.2.12", resources = {"fields", "incoming-request", "outgoing-request",
    "request-options", "response-outparam", "incoming-response", "incoming-body", "future-trailers",
    "outgoing-response", "outgoing-body", "future-incoming-response"})
public final class HttpTypesHost {
    private static HttpContext http(Store store) {
        return store.context(HttpContext.class);
    }

    /** The {@code error-code} behind a stream's {@code io-error}, when it came from HTTP. */
    @WitFunction("http-error-code")
    public Optional<VariantValue> httpErrorCode(IoError err) {
        HttpErrorException h = HttpErrorException.find(err.cause());
        return h == null ? Optional.empty() : Optional.of(h.code());
    }

    // fields

    @WitFunction("[constructor]fields")
    public Fields newFields(Store store) {
        return Fields.create(http(store).fieldSizeLimit());
    }

    @WitFunction("[static]fields.from-list")
    public ResultValue fieldsFromList(Store store, List<List<Object>> entries) {
        return Fields.fromList(entries, http(store).fieldSizeLimit());
    }

    @WitFunction("[method]fields.get")
    public List<byte[]> fieldsGet(Fields self, String name) {
        return self.get(name);
    }

    @WitFunction("[method]fields.has")
    public boolean fieldsHas(Fields self, String name) {
        return self.has(name);
    }

    @WitFunction("[method]fields.set")
    public ResultValue fieldsSet(Fields self, String name, List<byte[]> values) {
        return self.set(name, values);
    }

    @WitFunction("[method]fields.delete")
    public ResultValue fieldsDelete(Fields self, String name) {
        return self.delete(name);
    }

    @WitFunction("[method]fields.append")
    public ResultValue fieldsAppend(Fields self, String name, byte[] value) {
        return self.append(name, value);
    }

    @WitFunction("[method]fields.entries")
    public List<List<Object>> fieldsEntries(Fields self) {
        return self.entries();
    }

    @WitFunction("[method]fields.clone")
    public Fields fieldsClone(Fields self) {
        return self.copy();
    }

    // incoming-request

    @WitFunction("[method]incoming-request.method")
    public VariantValue incomingRequestMethod(IncomingRequest self) {
        return self.method();
    }

    @WitFunction("[method]incoming-request.path-with-query")
    public Optional<String> incomingRequestPathWithQuery(IncomingRequest self) {
        return self.pathWithQuery();
    }

    @WitFunction("[method]incoming-request.scheme")
    public Optional<VariantValue> incomingRequestScheme(IncomingRequest self) {
        return self.scheme();
    }

    @WitFunction("[method]incoming-request.authority")
    public Optional<String> incomingRequestAuthority(IncomingRequest self) {
        return self.authority();
    }

    @WitFunction("[method]incoming-request.headers")
    public Fields incomingRequestHeaders(IncomingRequest self) {
        return self.headers();
    }

    @WitFunction("[method]incoming-request.consume")
    public ResultValue incomingRequestConsume(IncomingRequest self) {
        return self.consume();
    }

    // outgoing-request

    @WitFunction("[constructor]outgoing-request")
    public OutgoingRequest newOutgoingRequest(Store store, Fields headers) {
        return new OutgoingRequest(headers, http(store));
    }

    @WitFunction("[method]outgoing-request.body")
    public ResultValue outgoingRequestBody(OutgoingRequest self) {
        return self.body();
    }

    @WitFunction("[method]outgoing-request.method")
    public VariantValue outgoingRequestMethod(OutgoingRequest self) {
        return self.method();
    }

    @WitFunction("[method]outgoing-request.set-method")
    public ResultValue outgoingRequestSetMethod(OutgoingRequest self, VariantValue method) {
        return self.setMethod(method);
    }

    @WitFunction("[method]outgoing-request.path-with-query")
    public Optional<String> outgoingRequestPathWithQuery(OutgoingRequest self) {
        return self.pathWithQuery();
    }

    @WitFunction("[method]outgoing-request.set-path-with-query")
    public ResultValue outgoingRequestSetPathWithQuery(OutgoingRequest self, Optional<String> pathWithQuery) {
        return self.setPathWithQuery(pathWithQuery);
    }

    @WitFunction("[method]outgoing-request.scheme")
    public Optional<VariantValue> outgoingRequestScheme(OutgoingRequest self) {
        return self.scheme();
    }

    @WitFunction("[method]outgoing-request.set-scheme")
    public ResultValue outgoingRequestSetScheme(OutgoingRequest self, Optional<VariantValue> scheme) {
        return self.setScheme(scheme);
    }

    @WitFunction("[method]outgoing-request.authority")
    public Optional<String> outgoingRequestAuthority(OutgoingRequest self) {
        return self.authority();
    }

    @WitFunction("[method]outgoing-request.set-authority")
    public ResultValue outgoingRequestSetAuthority(OutgoingRequest self, Optional<String> authority) {
        return self.setAuthority(authority);
    }

    @WitFunction("[method]outgoing-request.headers")
    public Fields outgoingRequestHeaders(OutgoingRequest self) {
        return self.headers();
    }

    // request-options

    @WitFunction("[constructor]request-options")
    public RequestOptions newRequestOptions() {
        return new RequestOptions();
    }

    @WitFunction("[method]request-options.connect-timeout")
    public Optional<Long> requestOptionsConnectTimeout(RequestOptions self) {
        return self.connectTimeout();
    }

    @WitFunction("[method]request-options.set-connect-timeout")
    public ResultValue requestOptionsSetConnectTimeout(RequestOptions self, Optional<Long> duration) {
        return self.setConnectTimeout(duration);
    }

    @WitFunction("[method]request-options.first-byte-timeout")
    public Optional<Long> requestOptionsFirstByteTimeout(RequestOptions self) {
        return self.firstByteTimeout();
    }

    @WitFunction("[method]request-options.set-first-byte-timeout")
    public ResultValue requestOptionsSetFirstByteTimeout(RequestOptions self, Optional<Long> duration) {
        return self.setFirstByteTimeout(duration);
    }

    @WitFunction("[method]request-options.between-bytes-timeout")
    public Optional<Long> requestOptionsBetweenBytesTimeout(RequestOptions self) {
        return self.betweenBytesTimeout();
    }

    @WitFunction("[method]request-options.set-between-bytes-timeout")
    public ResultValue requestOptionsSetBetweenBytesTimeout(RequestOptions self, Optional<Long> duration) {
        return self.setBetweenBytesTimeout(duration);
    }

    // response-outparam

    @WitFunction("[method]response-outparam.send-informational")
    public ResultValue responseOutparamSendInformational(ResponseOutparam self, short status, Fields headers) {
        return self.sendInformational(status, headers);
    }

    @WitFunction("[static]response-outparam.set")
    public void responseOutparamSet(ResponseOutparam param, ResultValue response) {
        param.set(response);
    }

    // incoming-response

    @WitFunction("[method]incoming-response.status")
    public short incomingResponseStatus(IncomingResponse self) {
        return self.status();
    }

    @WitFunction("[method]incoming-response.headers")
    public Fields incomingResponseHeaders(IncomingResponse self) {
        return self.headers();
    }

    @WitFunction("[method]incoming-response.consume")
    public ResultValue incomingResponseConsume(IncomingResponse self) {
        return self.consume();
    }

    // incoming-body

    @WitFunction("[method]incoming-body.stream")
    public ResultValue incomingBodyStream(IncomingBody self) {
        return self.stream();
    }

    @WitFunction("[static]incoming-body.finish")
    public FutureTrailers incomingBodyFinish(IncomingBody body) {
        return body.finish();
    }

    // future-trailers

    @WitFunction("[method]future-trailers.subscribe")
    public Pollable futureTrailersSubscribe(FutureTrailers self) {
        return self.subscribe();
    }

    @WitFunction("[method]future-trailers.get")
    public Optional<ResultValue> futureTrailersGet(FutureTrailers self) {
        return self.get();
    }

    // outgoing-response

    @WitFunction("[constructor]outgoing-response")
    public OutgoingResponse newOutgoingResponse(Store store, Fields headers) {
        return new OutgoingResponse(headers, http(store));
    }

    @WitFunction("[method]outgoing-response.status-code")
    public short outgoingResponseStatusCode(OutgoingResponse self) {
        return self.statusCode();
    }

    @WitFunction("[method]outgoing-response.set-status-code")
    public ResultValue outgoingResponseSetStatusCode(OutgoingResponse self, short statusCode) {
        return self.setStatusCode(statusCode);
    }

    @WitFunction("[method]outgoing-response.headers")
    public Fields outgoingResponseHeaders(OutgoingResponse self) {
        return self.headers();
    }

    @WitFunction("[method]outgoing-response.body")
    public ResultValue outgoingResponseBody(OutgoingResponse self) {
        return self.body();
    }

    // outgoing-body

    @WitFunction("[method]outgoing-body.write")
    public ResultValue outgoingBodyWrite(OutgoingBody self) {
        return self.write();
    }

    @WitFunction("[static]outgoing-body.finish")
    public ResultValue outgoingBodyFinish(OutgoingBody body, Optional<Fields> trailers) {
        return body.finish(trailers);
    }

    // future-incoming-response

    @WitFunction("[method]future-incoming-response.subscribe")
    public Pollable futureIncomingResponseSubscribe(FutureIncomingResponse self) {
        return self.subscribe();
    }

    @WitFunction("[method]future-incoming-response.get")
    public Optional<ResultValue> futureIncomingResponseGet(Store store, FutureIncomingResponse self) {
        return self.get(http(store));
    }
}
