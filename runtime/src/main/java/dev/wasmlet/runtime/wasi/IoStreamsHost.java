package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import dev.wasmlet.runtime.types.ResultValue;

/** {@code wasi:io/streams}: {@link InputStream} and {@link OutputStream}. */
@WitInterface(value = "wasi:io/streams@0.2.12", resources = {"input-stream", "output-stream"})
public final class IoStreamsHost {
    @WitFunction("[method]input-stream.read")
    public ResultValue read(InputStream self, long len) {
        return self.read(len);
    }

    @WitFunction("[method]input-stream.blocking-read")
    public ResultValue blockingRead(InputStream self, long len) {
        return self.blockingRead(len);
    }

    @WitFunction("[method]input-stream.skip")
    public ResultValue skip(InputStream self, long len) {
        return self.skip(len);
    }

    @WitFunction("[method]input-stream.blocking-skip")
    public ResultValue blockingSkip(InputStream self, long len) {
        return self.blockingSkip(len);
    }

    @WitFunction("[method]input-stream.subscribe")
    public Pollable subscribe(InputStream self) {
        return self.subscribe();
    }

    @WitFunction("[method]output-stream.check-write")
    public ResultValue checkWrite(OutputStream self) {
        return self.checkWrite();
    }

    @WitFunction("[method]output-stream.write")
    public ResultValue write(OutputStream self, byte[] contents) {
        return self.write(contents);
    }

    @WitFunction("[method]output-stream.blocking-write-and-flush")
    public ResultValue blockingWriteAndFlush(OutputStream self, byte[] contents) {
        return self.blockingWriteAndFlush(contents);
    }

    @WitFunction("[method]output-stream.flush")
    public ResultValue flush(OutputStream self) {
        return self.flush();
    }

    @WitFunction("[method]output-stream.blocking-flush")
    public ResultValue blockingFlush(OutputStream self) {
        return self.blockingFlush();
    }

    @WitFunction("[method]output-stream.subscribe")
    public Pollable subscribe(OutputStream self) {
        return self.subscribe();
    }

    @WitFunction("[method]output-stream.write-zeroes")
    public ResultValue writeZeroes(OutputStream self, long len) {
        return self.writeZeroes(len);
    }

    @WitFunction("[method]output-stream.blocking-write-zeroes-and-flush")
    public ResultValue blockingWriteZeroesAndFlush(OutputStream self, long len) {
        return self.blockingWriteZeroesAndFlush(len);
    }

    @WitFunction("[method]output-stream.splice")
    public ResultValue splice(OutputStream self, InputStream src, long len) {
        return self.splice(src, len);
    }

    @WitFunction("[method]output-stream.blocking-splice")
    public ResultValue blockingSplice(OutputStream self, InputStream src, long len) {
        return self.blockingSplice(src, len);
    }
}
