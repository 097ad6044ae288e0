package dev.wasmlet.runtime.wasi;

import static dev.wasmlet.runtime.wasi.WasiTesting.assertClosed;
import static dev.wasmlet.runtime.wasi.WasiTesting.assertOk;
import static dev.wasmlet.runtime.wasi.WasiTesting.okLong;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.WasmletException;
import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.types.ResultValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CliTest {
    private final IoStreamsHost streams = new IoStreamsHost();

    @Test
    void environmentAndArguments() {
        WasiContext ctx = WasiContext.builder()
                .env("HOME", "/nowhere")
                .env("LANG", "C.UTF-8")
                .arguments("app.wasm", "--verbose")
                .build();
        Store store = WasiTesting.store(ctx);
        EnvironmentHost env = new EnvironmentHost();
        assertEquals(List.of(List.of("HOME", "/nowhere"), List.of("LANG", "C.UTF-8")), env.getEnvironment(store));
        assertEquals(List.of("app.wasm", "--verbose"), env.getArguments(store));
        assertEquals(Optional.empty(), env.initialCwd());
        assertEquals(List.of(Map.entry("HOME", "/nowhere"), Map.entry("LANG", "C.UTF-8")), ctx.environment());
    }

    @Test
    void defaultsAreEmpty() {
        Store store = WasiTesting.store();
        EnvironmentHost env = new EnvironmentHost();
        assertEquals(List.of(), env.getEnvironment(store));
        assertEquals(List.of(), env.getArguments(store));
    }

    @Test
    void environmentReplacesAndKeepsOrder() {
        WasiContext ctx = WasiContext.builder()
                .env("DROPPED", "x")
                .environment(List.of(Map.entry("B", "2"), Map.entry("A", "1")))
                .build();
        assertEquals(List.of(List.of("B", "2"), List.of("A", "1")),
                new EnvironmentHost().getEnvironment(WasiTesting.store(ctx)));
    }

    @Test
    void exitThrowsWithTheStatus() {
        ExitHost exit = new ExitHost();
        GuestExitException ok = assertThrows(GuestExitException.class, () -> exit.exit(ResultValue.ok(null)));
        assertEquals(0, ok.status());
        assertInstanceOf(WasmletException.class, ok);
        assertEquals(1, assertThrows(GuestExitException.class, () -> exit.exit(ResultValue.error(null))).status());
        assertEquals(200, assertThrows(GuestExitException.class, () -> exit.exitWithCode((byte) 200)).status());
        assertEquals(3, assertThrows(GuestExitException.class, () -> exit.exitWithCode((byte) 3)).status());
    }

    @Test
    void stdoutAndStderrReachTheirSinksInOrder() {
        WasiTesting.Recorder out = new WasiTesting.Recorder();
        WasiTesting.Recorder err = new WasiTesting.Recorder();
        Store store = WasiTesting.store(WasiContext.builder().stdout(out).stderr(err).build());
        OutputStream stdout = new StdoutHost().getStdout(store);
        OutputStream stderr = new StderrHost().getStderr(store);
        assertOk(streams.blockingWriteAndFlush(stdout, "hello ".getBytes(StandardCharsets.UTF_8)));
        assertOk(streams.blockingWriteAndFlush(stderr, "oops\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(okLong(streams.checkWrite(stdout)) >= 6);
        assertOk(streams.write(stdout, "world\n".getBytes(StandardCharsets.UTF_8)));
        assertOk(streams.flush(stdout));
        OutputStream again = new StdoutHost().getStdout(store);
        assertNotSame(stdout, again, "each get-stdout is a new resource");
        assertOk(streams.blockingWriteAndFlush(again, "bye\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("hello world\nbye\n", out.text());
        assertEquals("oops\n", err.text());
        assertEquals(3, out.flushes);
    }

    @Test
    void droppingStdoutKeepsItUsable() {
        WasiTesting.Recorder out = new WasiTesting.Recorder();
        Store store = WasiTesting.store(WasiContext.builder().stdout(out).build());
        new StdoutHost().getStdout(store).close();
        assertOk(streams.blockingWriteAndFlush(new StdoutHost().getStdout(store), new byte[] {'x'}));
        assertEquals("x", out.text());
    }

    @Test
    void stdoutGoesIntoTheResourceTable() {
        Store store = WasiTesting.store();
        OutputStream stdout = new StdoutHost().getStdout(store);
        int rep = store.resources().add(stdout);
        assertSame(stdout, store.resources().get(rep, OutputStream.class));
        assertSame(stdout, store.resources().remove(rep));
        assertEquals(0, store.resources().size());
    }

    @Test
    void stdinIsEmpty() {
        Store store = WasiTesting.store();
        InputStream stdin = new StdinHost().getStdin(store);
        assertTrue(new IoPollHost().ready(streams.subscribe(stdin)));
        assertClosed(streams.read(stdin, 10));
        assertClosed(streams.blockingRead(new StdinHost().getStdin(store), 10));
    }

    @Test
    void stdinCanBeConfiguredAndSurvivesADrop() {
        Store store = WasiTesting.store(WasiContext.builder().stdin(ByteSources.of(new byte[] {1, 2, 3})).build());
        InputStream first = new StdinHost().getStdin(store);
        assertArrayEquals(new byte[] {1}, WasiTesting.okBytes(streams.read(first, 1)));
        first.close();
        InputStream second = new StdinHost().getStdin(store);
        assertArrayEquals(new byte[] {2, 3}, WasiTesting.okBytes(streams.read(second, 10)));
    }

    @Test
    void thereIsNoTerminal() {
        assertEquals(Optional.empty(), new TerminalStdinHost().getTerminalStdin());
        assertEquals(Optional.empty(), new TerminalStdoutHost().getTerminalStdout());
        assertEquals(Optional.empty(), new TerminalStderrHost().getTerminalStderr());
    }
}
