package dev.wasmlet.runtime.internal.canon;

import dev.wasmlet.runtime.types.BorrowType;
import dev.wasmlet.runtime.types.OwnType;
import dev.wasmlet.runtime.types.ResourceType;
import dev.wasmlet.runtime.types.ResourceValue;

/**
 * {@code own<R>} and {@code borrow<R>}: an i32 index into the handle table of the instance the
 * value is lifted from or lowered into; a {@link ResourceValue} of the resource's type and
 * representation on the Java side.
 */
final class Resources {
    private Resources() {
    }

    static ResourceValue checkValue(Object v, ResourceType rt, String kind) {
        ResourceValue r = (ResourceValue) v;
        if (r.type() != rt) {
            throw new IllegalArgumentException("a resource " + r.type().name() + " where " + kind + "<"
                    + rt.name() + "> is expected");
        }
        return r;
    }

    /** {@code own<R>}: lowering adds an own handle, lifting takes it out (moves ownership). */
    static final class Own extends Codec {
        private final ResourceType rt;

        Own(OwnType t) {
            super(t, 4, 4, I32, false, false);
            this.rt = t.resource();
        }

        private ResourceValue lift(CallContext cx, int i) {
            Handle h = cx.inst.get(cx.name, i, rt);
            if (!h.own) {
                throw cx.trap("handle " + i + " of resource " + rt.name() + " is a borrow, expected an own");
            }
            if (h.lendCount != 0) {
                throw cx.trap("own handle " + i + " of resource " + rt.name()
                        + " cannot be moved while it is lent out (" + h.lendCount + " borrows)");
            }
            cx.inst.remove(i);
            return new ResourceValue(rt, h.rep);
        }

        private int lower(CallContext cx, Object v) {
            ResourceValue r = checkValue(v, rt, "own");
            return cx.inst.add(cx.name, new Handle(rt, r.rep(), true, null));
        }

        @Override
        Object liftFlat(CallContext cx, long[] src, int pos) {
            return lift(cx, (int) src[pos]);
        }

        @Override
        void lowerFlat(CallContext cx, Object v, long[] dst, int pos) {
            dst[pos] = lower(cx, v);
        }

        @Override
        Object load(CallContext cx, int ptr) {
            return lift(cx, cx.memory.readInt(ptr));
        }

        @Override
        void store(CallContext cx, Object v, int ptr) {
            cx.memory.writeInt(ptr, lower(cx, v));
        }
    }

    /**
     * {@code borrow<R>}: lifting (out of a caller, in {@code canon lower}) reads the handle and,
     * when it is an own, lends it for the call; lowering (into a callee, in {@code canon lift})
     * passes the representation itself when the callee implements R, and otherwise adds a borrow
     * handle that the callee must drop before it returns.
     */
    static final class Borrow extends Codec {
        private final ResourceType rt;

        Borrow(BorrowType t) {
            super(t, 4, 4, I32, false, true);
            this.rt = t.resource();
        }

        private ResourceValue lift(CallContext cx, int i) {
            Handle h = cx.inst.get(cx.name, i, rt);
            if (h.own) {
                cx.lend(h);
            }
            return new ResourceValue(rt, h.rep);
        }

        private int lower(CallContext cx, Object v) {
            ResourceValue r = checkValue(v, rt, "borrow");
            if (cx.inst.implementsType(rt)) {
                return r.rep();
            }
            int i = cx.inst.add(cx.name, new Handle(rt, r.rep(), false, cx));
            cx.borrowCount++;
            return i;
        }

        @Override
        Object liftFlat(CallContext cx, long[] src, int pos) {
            return lift(cx, (int) src[pos]);
        }

        @Override
        void lowerFlat(CallContext cx, Object v, long[] dst, int pos) {
            dst[pos] = lower(cx, v);
        }

        @Override
        Object load(CallContext cx, int ptr) {
            return lift(cx, cx.memory.readInt(ptr));
        }

        @Override
        void store(CallContext cx, Object v, int ptr) {
            cx.memory.writeInt(ptr, lower(cx, v));
        }
    }
}
