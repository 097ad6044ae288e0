package dev.wasmlet.handler;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One instance's stdout or stderr, cut into lines for a line sink (a logger by default). With
 * the prefix on, every line starts {@code stdout [N] :: } as {@code wasmtime serve} prints it;
 * partial writes are joined into one line and empty lines are kept. A line is also cut when it
 * grows past {@link #MAX_LINE_BYTES}, so a guest that never writes a newline cannot make the host
 * buffer without bound. Confined to the instance's thread.
 */
public final class GuestOutput {
    /** The longest line kept whole; longer ones are cut into several. */
    public static final int MAX_LINE_BYTES = 64 * 1024;

    private final String prefix;
    private final Consumer<String> lines;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /**
     * @param stream {@code stdout} or {@code stderr}
     * @param instanceId the instance's number, as the guest sees it in {@code INSTANCE_ID}
     * @param tagged whether lines carry the {@code stream [N] :: } prefix
     * @param lines where finished lines go, without their newline
     */
    public GuestOutput(String stream, long instanceId, boolean tagged, Consumer<String> lines) {
        this.prefix = tagged ? stream + " [" + instanceId + "] :: " : "";
        this.lines = lines;
    }

    /** Takes bytes the guest wrote. */
    public void write(byte[] bytes, int offset, int length) {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                pending.write(bytes, start, i - start);
                emit();
                start = i + 1;
            } else if (pending.size() + (i - start) >= MAX_LINE_BYTES) {
                pending.write(bytes, start, i - start);
                emit();
                start = i;
            }
        }
        pending.write(bytes, start, end - start);
    }

    /** Emits a last line that had no newline; called when the instance goes. */
    public void close() {
        if (pending.size() > 0) {
            emit();
        }
    }

    private void emit() {
        lines.accept(prefix + pending.toString(StandardCharsets.UTF_8));
        pending.reset();
    }
}
