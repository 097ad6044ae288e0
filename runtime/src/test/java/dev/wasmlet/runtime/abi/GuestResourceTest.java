package dev.wasmlet.runtime.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.ComponentInstance;
import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.types.ResourceValue;
import org.junit.jupiter.api.Test;

/** guest-resource.wat: a resource the guest implements, used and dropped by the host. */
class GuestResourceTest {
    private static final String COUNTERS = "wasmlet:abi/counters@0.1.0";

    private final ComponentInstance guest = Abi.instantiate("guest-resource");

    private Object call(String f, Object... args) {
        Object[] r = guest.function(COUNTERS, f).call(args);
        return r.length == 0 ? null : r[0];
    }

    private ResourceValue counter(int start) {
        return (ResourceValue) call("[constructor]counter", start);
    }

    /** What the host does to drop an own handle of a guest resource: run the type's destructor. */
    private static void drop(ResourceValue r) {
        assertNotNull(r.type().destructor(), "a resource with a dtor has a destructor");
        r.type().destructor().accept(r.rep());
    }

    @Test
    void constructorMethodsAndDestructor() {
        ResourceValue c = counter(40);
        assertEquals(42, call("[method]counter.add", c, 2));
        assertEquals(42, call("[method]counter.get", c));
        assertEquals(-1, call("[method]counter.add", c, -43));
        assertEquals(0, call("dropped"));
        drop(c);
        assertEquals(1, call("dropped"));
        assertEquals(-1, call("last-dropped"));
    }

    @Test
    void handlesAreDistinctAndTheGuestTableIsEmptyWhileTheHostOwnsThem() {
        ResourceValue a = counter(1);
        ResourceValue b = counter(2);
        assertNotEquals(a.rep(), b.rep());
        assertEquals(a.type(), b.type());
        call("[method]counter.add", b, 10);
        assertEquals(1, call("[method]counter.get", a));
        assertEquals(12, call("[method]counter.get", b));
    }

    @Test
    void ownPassedGuestToHostToGuest() {
        ResourceValue c = counter(7);
        // consume takes the own handle into the guest's table, reads it and drops it there.
        assertEquals(7, call("consume", c));
        assertEquals(1, call("dropped"));
        assertEquals(7, call("last-dropped"));
    }

    @Test
    void aStaticFunctionTakingAndReturningOwns() {
        ResourceValue a = counter(100);
        ResourceValue b = counter(23);
        ResourceValue merged = (ResourceValue) call("[static]counter.merge", a, b);
        assertEquals(a.rep(), merged.rep());
        assertEquals(123, call("[method]counter.get", merged));
        assertEquals(1, call("dropped"), "merge dropped b in the guest");
        assertEquals(23, call("last-dropped"));
        drop(merged);
        assertEquals(2, call("dropped"));
        assertEquals(123, call("last-dropped"));
    }

    @Test
    void aTrapInAMethodNamesTheInterfaceAndTheMethod() {
        ResourceValue c = counter(5);
        call("[method]counter.check", c, 5);
        var e = assertThrows(GuestTrapException.class,
                () -> call("[method]counter.check", c, 4));
        assertTrue(
                e.getMessage().startsWith("guest-resource.wasm#wasmlet:abi/counters@0.1.0#[method]counter.check: "),
                e.getMessage());
    }

    @Test
    void twoInstancesHaveDistinctResourceTypes() {
        ComponentInstance other = Abi.instantiate("guest-resource");
        ResourceValue mine = counter(1);
        ResourceValue theirs = (ResourceValue) other.function(COUNTERS, "[constructor]counter").call(1)[0];
        assertNotEquals(mine.type(), theirs.type());
        var e = assertThrows(IllegalArgumentException.class,
                () -> call("consume", theirs));
        assertTrue(e.getMessage().contains("own<"), e.getMessage());
    }
}
