package dev.wasmlet.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.ComponentRuntime;
import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.TestEngines;
import dev.wasmlet.runtime.host.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine SPI's contract, on the engine {@link TestEngines} selects. */
class CoreEngineTest {
    private static final CoreFuncType I32_I32_TO_I32 =
            new CoreFuncType(List.of(CoreValType.I32, CoreValType.I32), List.of(CoreValType.I32));
    private static final CoreFuncType NOTHING = new CoreFuncType(List.of(), List.of());

    private final CoreEngine engine = engine(Optional.empty(), CoreEngine.DEFAULT_MAX_MEMORY_BYTES);
    /** What the store reads as its interrupt deadline. */
    private final Store hostStore = new Store(Map.of());
    private final CoreStore store = engine.newStore(hostStore::interruptDeadline);

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static CoreEngine engine(Optional<Path> cacheDirectory, long maxMemoryBytes) {
        return TestEngines.runtime(cacheDirectory, maxMemoryBytes).engine();
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = CoreEngineTest.class.getResourceAsStream("/core/" + name)) {
            return in.readAllBytes();
        }
    }

    private CoreInstance instantiateA(CoreFunction fail) throws IOException {
        CoreModule module = engine.compile(resource("engine-a.wasm"));
        CoreFunction add = engine.hostFunction(I32_I32_TO_I32, args -> new long[] {args[0] + args[1]});
        return module.instantiate(store, List.of(add, fail));
    }

    private CoreInstance instantiateA() throws IOException {
        return instantiateA(engine.hostFunction(NOTHING, args -> new long[0]));
    }

    @Test
    void describesImportsAndExports() throws IOException {
        CoreModule module = engine.compile(resource("engine-a.wasm"));
        assertEquals("host", module.imports().get(0).module());
        assertEquals(I32_I32_TO_I32, module.imports().get(0).functionType());
        var wide = module.exports().stream().filter(e -> e.name().equals("wide")).findFirst().orElseThrow();
        assertEquals(List.of(CoreValType.I64, CoreValType.F32, CoreValType.F64), wide.functionType().params());
        assertEquals(wide.functionType().params(), wide.functionType().results());
    }

    @Test
    void callsThroughHostFunctions() throws IOException {
        CoreFunction callAdd = (CoreFunction) instantiateA().export("call_add");
        assertArrayEquals(new long[] {42}, callAdd.call(40, 2));
    }

    @Test
    void carriesWideValuesAsRawBits() throws IOException {
        CoreFunction wide = (CoreFunction) instantiateA().export("wide");
        long f32 = Float.floatToRawIntBits(1.5f);
        long f64 = Double.doubleToRawLongBits(-2.25);
        assertArrayEquals(new long[] {Long.MIN_VALUE, f32, f64}, wide.call(Long.MIN_VALUE, f32, f64));
    }

    @Test
    void sharesMemoryAndGlobalsBetweenInstances() throws IOException {
        CoreInstance a = instantiateA();
        CoreModule b = engine.compile(resource("engine-b.wasm"));
        CoreMemory memory = (CoreMemory) a.export("memory");
        CoreGlobal global = (CoreGlobal) a.export("g");
        CoreInstance bi = b.instantiate(store, List.<CoreExtern>of(memory, global));
        memory.writeInt(16, 0x12345678);
        assertArrayEquals(new long[] {0x12345678}, ((CoreFunction) bi.export("load")).call(16));
        ((CoreFunction) bi.export("bump")).call();
        assertEquals(8, global.get());
        assertTrue(global.mutable());
    }

    @Test
    void sharesTablesBetweenInstances() throws IOException {
        CoreInstance a = instantiateA();
        CoreFunction callTable = (CoreFunction) a.export("call_table");
        assertThrows(CoreTrap.class, () -> callTable.call(1));
        engine.compile(resource("engine-c.wasm")).instantiate(store,
                List.<CoreExtern>of((CoreTable) a.export("table"), (CoreFunction) a.export("seven")));
        assertArrayEquals(new long[] {7}, callTable.call(1));
    }

    @Test
    void memoryAccessOutOfBoundsTraps() throws IOException {
        CoreMemory memory = (CoreMemory) instantiateA().export("memory");
        assertEquals(65536, memory.byteSize());
        var trap = assertThrows(CoreTrap.class, () -> memory.readInt(65534));
        assertTrue(trap.getMessage().contains("out of bounds"), trap.getMessage());
        assertThrows(CoreTrap.class, () -> memory.write(-1, new byte[4], 0, 4));
        assertEquals(1, memory.grow(1));
        memory.writeLong(65536 + 8, -1L);
        assertEquals(-1L, memory.readLong(65536 + 8));
    }

    @Test
    void guestTrapsBecomeCoreTraps() throws IOException {
        CoreInstance a = instantiateA();
        assertThrows(CoreTrap.class, () -> ((CoreFunction) a.export("trap")).call());
        assertThrows(CoreTrap.class, () -> ((CoreFunction) a.export("div")).call(1, 0));
        assertThrows(CoreTrap.class, () -> ((CoreFunction) a.export("store")).call(70000, 1));
        var overflow = assertThrows(CoreTrap.class, () -> ((CoreFunction) a.export("recurse")).call());
        assertTrue(overflow.getMessage().contains("stack"), overflow.getMessage());
    }

    @Test
    void hostExceptionsPassThroughUnchanged() throws IOException {
        var thrown = new GuestTrapException("host says no");
        CoreInstance a = instantiateA(engine.hostFunction(NOTHING, args -> {
            throw thrown;
        }));
        assertSame(thrown, assertThrows(GuestTrapException.class,
                () -> ((CoreFunction) a.export("call_fail")).call()));
    }

    @Test
    void interruptionAtTheStoresDeadlineStopsASpinningGuest() throws Exception {
        CoreFunction spin = (CoreFunction) instantiateA().export("spin");
        long deadline = System.nanoTime() + 100_000_000L;
        hostStore.interruptAt(deadline);
        Throwable outcome = stoppedBy(spin, t -> {
            sleep(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
            t.interrupt();
        });
        assertTrue(outcome instanceof CoreInterrupted, String.valueOf(outcome));
    }

    @Test
    void aDeadlinePassedBeforeTheCallStopsTheGuestAtOnce() throws Exception {
        CoreFunction spin = (CoreFunction) instantiateA().export("spin");
        hostStore.interruptAt(System.nanoTime());
        Throwable outcome = stoppedBy(spin, Thread::interrupt);
        assertTrue(outcome instanceof CoreInterrupted, String.valueOf(outcome));
    }

    @Test
    void anInterruptStopsAGuestThatCallsTheHost() throws Exception {
        CoreFunction spin = (CoreFunction) instantiateA().export("spin_calling_host");
        Throwable outcome = stoppedBy(spin, t -> {
            sleep(100);
            t.interrupt();
        });
        assertTrue(outcome instanceof CoreInterrupted, String.valueOf(outcome));
    }

    /** Runs {@code guest} on a new thread, does {@code toThread} to that thread, and returns what the guest threw. */
    private static Throwable stoppedBy(CoreFunction guest, Consumer<Thread> toThread)
            throws InterruptedException {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                guest.call();
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        t.start();
        toThread.accept(t);
        t.join(10_000);
        return outcome.get();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void rejectsAnImportOfTheWrongType() throws IOException {
        CoreModule module = engine.compile(resource("engine-a.wasm"));
        CoreFunction wrong = engine.hostFunction(NOTHING, args -> new long[0]);
        var e = assertThrows(CoreLinkException.class, () -> module.instantiate(store, List.of(wrong, wrong)));
        assertTrue(e.getMessage().contains("host.add"), e.getMessage());
    }

    @Test
    void rejectsAMemoryGlobalOrTableThatDoesNotMatchItsImport() throws IOException {
        CoreInstance a = instantiateA();
        Map<String, String> importsOfA = Map.of("import-memory-2.wasm", "memory", "import-const-global.wasm", "g",
                "import-table-4.wasm", "table");
        importsOfA.forEach((module, export) -> {
            CoreModule m;
            try {
                m = engine.compile(resource(module));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            var e = assertThrows(CoreLinkException.class, () -> m.instantiate(store, List.of(a.export(export))),
                    module);
            assertTrue(e.getMessage().contains("a." + export), e.getMessage());
        });
        // One that matches, after the ones that did not: engine-b imports memory and global as they are.
        engine.compile(resource("engine-b.wasm")).instantiate(store, List.of(a.export("memory"), a.export("g")));
    }

    @Test
    void aDataSegmentDroppedByOneInstanceStaysInTheNext() throws IOException {
        CoreModule module = engine.compile(resource("passive-data.wasm"));
        CoreInstance first = module.instantiate(store, List.of());
        ((CoreFunction) first.export("drop")).call();
        assertThrows(CoreTrap.class, () -> ((CoreFunction) first.export("init")).call());
        CoreInstance second = module.instantiate(store, List.of());
        ((CoreFunction) second.export("init")).call();
        assertArrayEquals("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                ((CoreMemory) second.export("memory")).read(0, 5));
    }

    @Test
    void memoryGrowsNoFurtherThanTheCap() throws IOException {
        CoreEngine capped = engine(Optional.empty(), 16 * 65536);
        try (CoreStore cappedStore = capped.newStore(hostStore::interruptDeadline)) {
            CoreInstance i = capped.compile(resource("grow.wasm")).instantiate(cappedStore, List.of());
            assertArrayEquals(new long[] {16}, ((CoreFunction) i.export("grow_all")).call());
            assertEquals(16 * 65536, ((CoreMemory) i.export("memory")).byteSize());
        }
    }

    @Test
    void rejectsMalformedModules() {
        assertThrows(CoreCompileException.class, () -> engine.compile(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 99}));
    }

    @Test
    void diskCacheServesASecondEngine(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("cache");
        try (ComponentRuntime first = TestEngines.runtime(Optional.of(cache))) {
            first.engine().compile(resource("engine-a.wasm"));
        }
        try (var files = Files.walk(cache)) {
            assertTrue(files.anyMatch(Files::isRegularFile), "nothing cached in " + cache);
        }
        try (ComponentRuntime runtime = TestEngines.runtime(Optional.of(cache))) {
            CoreEngine second = runtime.engine();
            CoreModule cached = second.compile(resource("engine-a.wasm"));
            CoreFunction add = second.hostFunction(I32_I32_TO_I32, args -> new long[] {args[0] + args[1]});
            try (CoreStore secondStore = second.newStore(hostStore::interruptDeadline)) {
                CoreInstance i = cached.instantiate(secondStore,
                        List.of(add, second.hostFunction(NOTHING, args -> new long[0])));
                assertArrayEquals(new long[] {5}, ((CoreFunction) i.export("call_add")).call(2, 3));
            }
        }
        deleteWhenQuiet(cache);
    }

    /**
     * Deletes {@code tree}, trying again while something still writes in it: Wasmtime's cache
     * updates its usage statistics from a background thread of its own, after the engine is closed.
     */
    private static void deleteWhenQuiet(Path tree) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (var paths = Files.walk(tree)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
                return;
            } catch (NoSuchFileException e) {
                return; // gone
            } catch (IOException e) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("the cache directory stays busy: " + e, e);
                }
                Thread.sleep(50);
            }
        }
    }
}
