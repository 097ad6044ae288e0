package dev.wasmlet.runtime.abi;

import static dev.wasmlet.runtime.abi.Abi.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.ComponentInstance;
import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import dev.wasmlet.runtime.types.ResourceValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** host-resource.wat: a resource the host implements, used, lent, moved and dropped by the guest. */
class HostResourceTest {
    /** A host object behind a blob handle; closed when its last handle is dropped. */
    public static final class Blob implements AutoCloseable {
        final StringBuilder text;
        int closes;

        Blob(String init) {
            text = new StringBuilder(init);
        }

        @Override
        public void close() {
            closes++;
        }
    }

    @WitInterface(value = "wasmlet:abi/blobs@0.1.0", resources = "blob")
    public static final class Host {
        final List<Blob> made = new ArrayList<>();
        final List<Blob> moved = new ArrayList<>();

        @WitFunction("[constructor]blob")
        public Blob create(String init) {
            Blob b = new Blob(init);
            made.add(b);
            return b;
        }

        @WitFunction("[method]blob.append")
        public void append(Blob self, String s) {
            self.text.append(s);
        }

        @WitFunction("[method]blob.read")
        public String read(Blob self) {
            return self.text.toString();
        }

        @WitFunction("[static]blob.concat")
        public Blob concat(Blob a, Blob b) {
            return create(a.text + "" + b.text);
        }

        @WitFunction("[static]blob.roundtrip")
        public Blob roundtrip(Blob b) {
            moved.add(b);
            return b;
        }

        @WitFunction("[static]blob.merge-into")
        public void mergeInto(Blob into, Blob from) {
            into.text.append(from.text);
            from.close(); // the host owns from now
        }

        @WitFunction("[static]blob.take")
        public int take(Blob b) {
            moved.add(b);
            return b.text.length();
        }
    }

    private final Host host = new Host();
    private final ComponentInstance guest = Abi.instantiate("host-resource", host);

    private int live() {
        return guest.store().resources().size();
    }

    @Test
    void constructorMethodsAndReleaseOnTheLastDrop() {
        assertEquals("héllo wörld 😀 日本", call(guest, "run", "héllo ", "wörld 😀 日本"));
        assertEquals(1, host.made.size());
        assertEquals(1, host.made.get(0).closes, "the guest dropped its handle: the host object is closed");
        assertEquals(0, live());
    }

    @Test
    void borrowParameters() {
        assertEquals("ab", call(guest, "concat", "a", "b"));
        assertEquals(3, host.made.size());
        for (Blob b : host.made) {
            assertEquals(1, b.closes);
        }
        assertEquals(0, live());
    }

    @Test
    void ownPassedGuestToHostToGuest() {
        assertEquals("x", call(guest, "roundtrip", "x"));
        assertEquals(List.of(host.made.get(0)), host.moved);
        assertEquals(1, host.made.get(0).closes);
        assertEquals(0, live());
    }

    @Test
    void theHostObjectLivesAsLongAsTheGuestHoldsItsHandle() {
        call(guest, "keep", "kept");
        Blob kept = host.made.get(0);
        assertEquals(0, kept.closes);
        assertEquals(1, live());
        assertSame(kept, guest.store().resources().get(1, Blob.class));
        guest.function("release").call();
        assertEquals(1, kept.closes);
        assertEquals(0, live());
    }

    @Test
    void aHandleMovedToTheHostIsGoneFromTheGuest() {
        GuestTrapException e = assertThrows(GuestTrapException.class, () -> call(guest, "use-after-move", "m"));
        assertTrue(e.getMessage().contains("dropped handle"), e.getMessage());
        assertEquals(List.of(host.made.get(0)), host.moved);
    }

    @Test
    void droppingTwiceTraps() {
        GuestTrapException e = assertThrows(GuestTrapException.class,
                () -> guest.function("drop-twice").call("d"));
        assertTrue(e.getMessage().contains("dropped handle"), e.getMessage());
        assertEquals(1, host.made.get(0).closes);
    }

    @Test
    void theHostLendsAndGivesItsObjectsToTheGuest() {
        ResourceValue made = (ResourceValue) call(guest, "make", "lent");
        Blob blob = guest.store().resources().get(made.rep(), Blob.class);
        assertSame(host.made.get(0), blob);
        assertEquals("lent", call(guest, "peek", made));
        assertEquals("lent", call(guest, "peek", made));
        assertEquals(0, blob.closes, "a borrow does not release");
        assertEquals(1, live());
        assertEquals("lent", call(guest, "give", made));
        assertEquals(1, blob.closes, "the guest dropped the own handle it was given");
        assertEquals(0, live());
    }

    @Test
    void aBorrowHeldPastTheReturnTraps() {
        ResourceValue made = (ResourceValue) call(guest, "make", "leak");
        GuestTrapException e = assertThrows(GuestTrapException.class, () -> call(guest, "peek-leak", made));
        assertTrue(e.getMessage().contains("peek-leak"), e.getMessage());
        assertTrue(e.getMessage().matches(".*borrow handle \\d+ of resource blob still held when .*peek-leak returned.*"),
                e.getMessage());
    }

    @Test
    void aBorrowAndAnOwnInOneCall() {
        assertEquals("ab", call(guest, "merge", "a", "b"));
        assertEquals(2, host.made.size());
        assertEquals(1, host.made.get(0).closes);
        assertEquals(1, host.made.get(1).closes);
        assertEquals(0, live());
    }

    @Test
    void anOwnCannotMoveWhileItIsLentInTheSameCall() {
        GuestTrapException e = assertThrows(GuestTrapException.class, () -> guest.function("merge-self").call("s"));
        assertTrue(e.getMessage().contains("cannot be moved while it is lent out"), e.getMessage());
        assertTrue(e.getMessage().contains("wasmlet:abi/blobs@0.1.0#[static]blob.merge-into"), e.getMessage());
    }
}
