package dev.wasmlet.runtime.wasi;

import java.util.List;

/**
 * The WASI 0.2 host: every {@code @WitInterface} object to define in a linker. The objects keep
 * no state (per-instance state is in the {@link WasiContext} of the instance's store and in the
 * resource objects), so one list serves every instance.
 */
public final class WasiHost {
    private static final List<Object> HOSTS = List.of(
            new IoErrorHost(),
            new IoPollHost(),
            new IoStreamsHost(),
            new MonotonicClockHost(),
            new WallClockHost(),
            new RandomHost(),
            new InsecureRandomHost(),
            new InsecureSeedHost(),
            new EnvironmentHost(),
            new ExitHost(),
            new StdinHost(),
            new StdoutHost(),
            new StderrHost(),
            new TerminalInputHost(),
            new TerminalOutputHost(),
            new TerminalStdinHost(),
            new TerminalStdoutHost(),
            new TerminalStderrHost(),
            new FilesystemTypesHost(),
            new FilesystemPreopensHost());

    private WasiHost() {
    }

    /** The host objects of wasi:io, clocks, random, cli and filesystem, all at 0.2.12. */
    public static List<Object> hosts() {
        return HOSTS;
    }
}
