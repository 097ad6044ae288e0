package dev.wasmlet.runtime.internal.canon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.ComponentFunction;
import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.engine.CoreFuncType;
import dev.wasmlet.runtime.engine.CoreTrap;
import dev.wasmlet.runtime.engine.CoreValType;
import dev.wasmlet.runtime.engine.HostFunctionBody;
import dev.wasmlet.runtime.types.BorrowType;
import dev.wasmlet.runtime.types.FuncType;
import dev.wasmlet.runtime.types.OwnType;
import dev.wasmlet.runtime.types.ResourceType;
import dev.wasmlet.runtime.types.ResourceValue;
import dev.wasmlet.runtime.types.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

class ResourcesTest {
    private final List<Integer> destroyed = new ArrayList<>();
    private final ResourceType r = new ResourceType("r", destroyed::add);
    private final Guest g = new Guest(StringEncoding.UTF8);

    private static FuncType func(List<ValueType> params, List<ValueType> results) {
        return Guest.func(params, results);
    }

    private static long[] call(HostFunctionBody body, long... args) {
        return body.call(args);
    }

    @Test
    void anOwnLoweredIntoAGuestIsDroppedThroughTheDestructor() {
        FuncType t = func(List.of(new OwnType(r)), List.of());
        HostFunctionBody drop = CanonicalAbi.resourceDrop(r, g.inst);
        long[] seen = new long[1];
        ComponentFunction f = CanonicalAbi.lift("f", t, Guest.core(CanonicalAbi.flattenLifted(t), a -> {
            seen[0] = a[0];
            assertEquals(1, g.inst.handleCount());
            return drop.call(a);
        }), g.opts, g.inst);
        f.call(new ResourceValue(r, 77));
        assertEquals(1, seen[0], "handle index 0 is never used");
        assertEquals(List.of(77), destroyed);
        assertEquals(0, g.inst.handleCount());
    }

    @Test
    void aGuestCreatesAnOwnAndMovesItOut() {
        FuncType t = func(List.of(), List.of(new OwnType(r)));
        HostFunctionBody create = CanonicalAbi.resourceNew(r, g.inst);
        HostFunctionBody rep = CanonicalAbi.resourceRep(r, g.inst);
        assertTrue(g.inst.implementsType(r));
        ComponentFunction f = CanonicalAbi.lift("f", t, Guest.core(CanonicalAbi.flattenLifted(t), a -> {
            long[] h = call(create, 5);
            assertArrayEquals(new long[] {5}, call(rep, h[0]));
            return h;
        }), g.opts, g.inst);
        assertArrayEquals(new Object[] {new ResourceValue(r, 5)}, f.call());
        assertEquals(0, g.inst.handleCount());
        assertEquals(List.of(), destroyed, "moving out does not destroy");
    }

    @Test
    void aBorrowLentToAGuestMustBeDroppedBeforeItReturns() {
        FuncType t = func(List.of(new BorrowType(r)), List.of());
        ComponentFunction keeps = CanonicalAbi.lift("wasi:http/types#[method]fields.get", t,
                Guest.core(CanonicalAbi.flattenLifted(t), a -> new long[0]), g.opts, g.inst);
        GuestTrapException e = assertThrows(GuestTrapException.class, () -> keeps.call(new ResourceValue(r, 9)));
        assertEquals("wasi:http/types#[method]fields.get: borrow handle 1 of resource r still held when "
                + "wasi:http/types#[method]fields.get returned", e.getMessage());

        Guest h = new Guest(StringEncoding.UTF8);
        HostFunctionBody drop = CanonicalAbi.resourceDrop(r, h.inst);
        ComponentFunction drops = CanonicalAbi.lift("f", t, Guest.core(CanonicalAbi.flattenLifted(t), drop),
                h.opts, h.inst);
        drops.call(new ResourceValue(r, 9));
        drops.call(new ResourceValue(r, 9));
        assertEquals(0, h.inst.handleCount());
        assertEquals(List.of(), destroyed, "dropping a borrow runs no destructor");
    }

    @Test
    void aBorrowLentToTheImplementingGuestIsItsRep() {
        g.inst.addImplementedType(r);
        FuncType t = func(List.of(new BorrowType(r)), List.of());
        long[] seen = new long[1];
        ComponentFunction f = CanonicalAbi.lift("f", t, Guest.core(CanonicalAbi.flattenLifted(t), a -> {
            seen[0] = a[0];
            return new long[0];
        }), g.opts, g.inst);
        f.call(new ResourceValue(r, 1234));
        assertEquals(1234, seen[0]);
        assertEquals(0, g.inst.handleCount());
    }

    @Test
    void anOwnLentOutCannotBeDroppedDuringTheCall() {
        HostFunctionBody create = CanonicalAbi.resourceNew(r, g.inst);
        HostFunctionBody drop = CanonicalAbi.resourceDrop(r, g.inst);
        long handle = call(create, 3)[0];
        FuncType t = func(List.of(new BorrowType(r)), List.of());
        HostFunctionBody imp = CanonicalAbi.lower("imp", t, Guest.host(t, a -> {
            assertEquals(new ResourceValue(r, 3), a[0]);
            call(drop, handle);
            return new Object[0];
        }), g.opts, g.inst);
        GuestTrapException e = assertThrows(GuestTrapException.class, () -> call(imp, handle));
        assertEquals("[resource-drop]r: cannot drop own handle 1 of resource r while it is lent out (1 borrows)",
                e.getMessage());

        Guest h = new Guest(StringEncoding.UTF8);
        HostFunctionBody create2 = CanonicalAbi.resourceNew(r, h.inst);
        HostFunctionBody drop2 = CanonicalAbi.resourceDrop(r, h.inst);
        long handle2 = call(create2, 4)[0];
        HostFunctionBody imp2 = CanonicalAbi.lower("imp", t, Guest.host(t, a -> new Object[0]), h.opts, h.inst);
        call(imp2, handle2);
        call(drop2, handle2);
        assertEquals(List.of(4), destroyed, "the lend ends with the call");
    }

    @Test
    void anOwnLentOutCannotBeMovedInTheSameCall() {
        HostFunctionBody create = CanonicalAbi.resourceNew(r, g.inst);
        long handle = call(create, 3)[0];
        FuncType t = func(List.of(new BorrowType(r), new OwnType(r)), List.of());
        HostFunctionBody imp = CanonicalAbi.lower("imp", t, Guest.host(t, a -> new Object[0]), g.opts, g.inst);
        GuestTrapException e = assertThrows(GuestTrapException.class, () -> call(imp, handle, handle));
        assertEquals("imp: own handle 1 of resource r cannot be moved while it is lent out (1 borrows)", e.getMessage());
    }

    @Test
    void aBorrowIsNotAnOwn() {
        FuncType outer = func(List.of(new BorrowType(r)), List.of());
        FuncType inner = func(List.of(new OwnType(r)), List.of());
        HostFunctionBody imp = CanonicalAbi.lower("imp", inner, Guest.host(inner, a -> new Object[0]), g.opts, g.inst);
        ComponentFunction f = CanonicalAbi.lift("f", outer, Guest.core(CanonicalAbi.flattenLifted(outer), imp),
                g.opts, g.inst);
        GuestTrapException e = assertThrows(GuestTrapException.class, () -> f.call(new ResourceValue(r, 1)));
        assertEquals("imp: handle 1 of resource r is a borrow, expected an own", e.getMessage());
        assertTrue(g.inst.poisoned());
    }

    @Test
    void useOfADroppedHandleTraps() {
        HostFunctionBody create = CanonicalAbi.resourceNew(r, g.inst);
        HostFunctionBody drop = CanonicalAbi.resourceDrop(r, g.inst);
        HostFunctionBody rep = CanonicalAbi.resourceRep(r, g.inst);
        long h = call(create, 10)[0];
        call(drop, h);
        GuestTrapException e = assertThrows(GuestTrapException.class, () -> call(rep, h));
        assertEquals("[resource-rep]r: use of dropped handle 1 (resource r)", e.getMessage());
        e = assertThrows(GuestTrapException.class, () -> call(drop, h));
        assertEquals("[resource-drop]r: use of dropped handle 1 (resource r)", e.getMessage());
        e = assertThrows(GuestTrapException.class, () -> call(rep, 0));
        assertEquals("[resource-rep]r: invalid handle index 0 for resource r", e.getMessage());
        e = assertThrows(GuestTrapException.class, () -> call(rep, -1));
        assertEquals("[resource-rep]r: invalid handle index 4294967295 for resource r", e.getMessage());
    }

    @Test
    void handlesAreTypeChecked() {
        ResourceType other = new ResourceType("r", null);
        long h = call(CanonicalAbi.resourceNew(r, g.inst), 1)[0];
        GuestTrapException e = assertThrows(GuestTrapException.class,
                () -> call(CanonicalAbi.resourceRep(Gen.R2, g.inst), h));
        assertEquals("[resource-rep]r2: handle 1 is a resource r, expected resource r2", e.getMessage());
        assertThrows(GuestTrapException.class, () -> call(CanonicalAbi.resourceDrop(other, g.inst), h),
                "resource types are generative: same name, other type");
        FuncType t = func(List.of(new OwnType(r)), List.of());
        ComponentFunction f = CanonicalAbi.lift("f", t, Guest.core(CanonicalAbi.flattenLifted(t), a -> new long[0]),
                g.opts, new Guest(StringEncoding.UTF8).inst);
        assertThrows(IllegalArgumentException.class, () -> f.call(new ResourceValue(other, 1)));
    }

    @Test
    void freedIndicesAreReusedLastInFirstOut() {
        HostFunctionBody create = CanonicalAbi.resourceNew(r, g.inst);
        HostFunctionBody drop = CanonicalAbi.resourceDrop(r, g.inst);
        assertEquals(1, call(create, 0)[0]);
        assertEquals(2, call(create, 0)[0]);
        assertEquals(3, call(create, 0)[0]);
        call(drop, 2);
        call(drop, 1);
        assertEquals(1, call(create, 0)[0]);
        assertEquals(2, call(create, 0)[0]);
        assertEquals(4, call(create, 0)[0]);
        assertEquals(4, g.inst.handleCount());
    }

    @Test
    void guestDestructorsRespectMayEnterAndTrapsPoison() {
        Guest impl = new Guest("impl", StringEncoding.UTF8);
        List<Long> ran = new ArrayList<>();
        CoreFuncType dtorType = new CoreFuncType(List.of(CoreValType.I32), List.of());
        IntConsumer dtor = CanonicalAbi.destructor("[dtor]r", Guest.core(dtorType, a -> {
            ran.add(a[0]);
            if (a[0] == 13) {
                throw new CoreTrap("unreachable");
            }
            return new long[0];
        }), impl.inst);
        dtor.accept(1);
        assertEquals(List.of(1L), ran);
        impl.inst.mayEnter = false;
        GuestTrapException e = assertThrows(GuestTrapException.class, () -> dtor.accept(2));
        assertEquals("[dtor]r: component instance impl cannot be entered while it is calling an import (no reentrance)",
                e.getMessage());
        impl.inst.mayEnter = true;
        e = assertThrows(GuestTrapException.class, () -> dtor.accept(13));
        assertEquals("[dtor]r: unreachable", e.getMessage());
        assertTrue(impl.inst.poisoned());
    }

    @Test
    void ownAndBorrowTravelGuestToGuest() {
        Guest a = new Guest("a", StringEncoding.UTF8);
        Guest b = new Guest("b", StringEncoding.UTF16);
        FuncType t = func(List.of(new BorrowType(r), new OwnType(r)), List.of(new OwnType(r)));
        Object[][] seen = new Object[1][];
        ComponentFunction inner = Guest.host(t, args -> {
            seen[0] = args;
            return new Object[] {new ResourceValue(r, 99)};
        });
        ComponentFunction f = a.reexport("f", b.reexport("g", inner));
        assertArrayEquals(new Object[] {new ResourceValue(r, 99)}, f.call(new ResourceValue(r, 1),
                new ResourceValue(r, 2)));
        assertArrayEquals(new Object[] {new ResourceValue(r, 1), new ResourceValue(r, 2)}, seen[0]);
        assertEquals(0, a.inst.handleCount());
        assertEquals(0, b.inst.handleCount());
    }
}
