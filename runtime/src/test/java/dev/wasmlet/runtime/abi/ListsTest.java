package dev.wasmlet.runtime.abi;

import static dev.wasmlet.runtime.abi.Abi.call;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.ComponentInstance;
import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** lists.wat: list<u8>, list<string> and list<list<u32>> both ways. */
class ListsTest {
    @WitInterface("wasmlet:abi/lists@0.1.0")
    public static final class Host {
        final List<Object> seen = new ArrayList<>();

        @WitFunction("bytes")
        public byte[] bytes(byte[] l) {
            seen.add(l);
            return l;
        }

        @WitFunction("strings")
        public List<String> strings(List<String> l) {
            seen.add(l);
            return l;
        }

        @WitFunction("nested")
        public List<List<Integer>> nested(List<List<Integer>> l) {
            seen.add(l);
            return l;
        }
    }

    private final Host host = new Host();
    private final ComponentInstance guest = Abi.instantiate("lists", host);

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void bytes() {
        for (byte[] b : new byte[][] {{}, {0}, {(byte) 0xFF, 0, 0x7F, (byte) 0x80}, random(1000), random(1 << 20)}) {
            assertArrayEquals(b, (byte[]) call(guest, "echo-bytes", (Object) b), "echo " + b.length);
            host.seen.clear();
            assertArrayEquals(b, (byte[]) call(guest, "call-bytes", (Object) b), "call " + b.length);
            assertArrayEquals(b, (byte[]) host.seen.get(0));
        }
        assertTrue(guest.memoryBytes() >= 2 << 20, "a MiB each way grew the guest's memory");
    }

    @Test
    void strings() {
        List<List<String>> samples = List.of(List.of(), List.of(""), List.of("a", "", "héllo wörld 😀 日本"),
                Collections.nCopies(1000, "x"), List.of("y".repeat(100_000), "z"));
        for (List<String> l : samples) {
            assertEquals(l, call(guest, "echo-strings", l));
            host.seen.clear();
            assertEquals(l, call(guest, "call-strings", l));
            assertEquals(List.of(l), host.seen);
        }
    }

    @Test
    void nestedLists() {
        List<Integer> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(i * 7919);
        }
        List<List<List<Integer>>> samples = List.of(List.of(), List.of(List.of()),
                List.of(List.of(0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE), List.of(), List.of(42)),
                List.of(many, List.of(1), many));
        for (List<List<Integer>> l : samples) {
            assertEquals(l, call(guest, "echo-nested", l));
            host.seen.clear();
            assertEquals(l, call(guest, "call-nested", l));
            assertEquals(List.of(l), host.seen);
        }
    }

    @Test
    void aListOutsideMemoryOrMisalignedTraps() {
        // Even an empty list must start within memory (ptr + 0 <= memory size).
        assertEquals(List.of(), call(guest, "u32s-at", 65536, 0));
        GuestTrapException e = assertThrows(GuestTrapException.class,
                () -> call(Abi.instantiate("lists", new Host()), "u32s-at", 0xFFFF_FFF0, 0));
        assertTrue(e.getMessage().contains("out of bounds"), e.getMessage());
        e = assertThrows(GuestTrapException.class,
                () -> call(Abi.instantiate("lists", new Host()), "u32s-at", 1026, 1));
        assertTrue(e.getMessage().contains("not aligned to 4"), e.getMessage());
        e = assertThrows(GuestTrapException.class,
                () -> call(Abi.instantiate("lists", new Host()), "u32s-at", 65532, 2));
        assertTrue(e.getMessage().contains("out of bounds"), e.getMessage());
        // 2^30 elements of 4 bytes: the byte length wraps to 0 in 32 bits; it must not pass as in bounds.
        e = assertThrows(GuestTrapException.class,
                () -> call(Abi.instantiate("lists", new Host()), "u32s-at", 1024, 1 << 30));
        assertTrue(e.getMessage().contains("out of bounds"), e.getMessage());
        assertTrue(e.getMessage().contains("u32s-at"), e.getMessage());
    }
}
