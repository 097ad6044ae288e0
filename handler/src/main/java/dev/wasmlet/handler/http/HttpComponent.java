package dev.wasmlet.handler.http;

import dev.wasmlet.runtime.Component;
import dev.wasmlet.runtime.ComponentInstance;
import dev.wasmlet.runtime.ComponentRuntime;
import dev.wasmlet.runtime.InstancePre;
import dev.wasmlet.runtime.Linker;
import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.wasi.WasiContext;
import dev.wasmlet.runtime.wasi.WasiHost;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code wasi:http} component ready to serve: loaded, its imports matched to the WASI 0.2 host
 * and the {@code wasi:http} host once, so that {@link #instantiate(WasiContext)} only builds.
 * Thread-safe; shared by every instance made from it.
 */
public final class HttpComponent {
    /** The {@code wasi:http} host objects, stateless, shared by every linker. */
    private static final List<Object> HTTP_HOSTS = List.of(new HttpTypesHost(), new OutgoingHandlerHost());

    private final Component component;
    private final HttpSettings settings;
    private final InstancePre pre;

    /**
     * Links {@code component} to the WASI and {@code wasi:http} hosts.
     *
     * @throws dev.wasmlet.runtime.UnlinkableComponentException naming the first import no host provides
     */
    public HttpComponent(ComponentRuntime runtime, Component component, HttpSettings settings) {
        this.component = Objects.requireNonNull(component, "component");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.pre = new Linker(runtime).defineAll(hosts()).prepare(component);
    }

    /** Loads the component at {@code path} with {@code runtime} and links it. */
    public static HttpComponent load(ComponentRuntime runtime, Path path, HttpSettings settings) {
        return new HttpComponent(runtime, runtime.load(path), settings);
    }

    /** Every host object a {@code wasi:http} component is linked with: WASI 0.2, then {@code wasi:http}. */
    public static List<Object> hosts() {
        List<Object> all = new ArrayList<>(WasiHost.hosts());
        all.addAll(HTTP_HOSTS);
        return all;
    }

    public Component component() {
        return component;
    }

    public HttpSettings settings() {
        return settings;
    }

    /** A new store carrying {@code wasi} and a fresh {@link HttpContext} of these settings. */
    public Store newStore(WasiContext wasi) {
        return new Store(Map.of(WasiContext.class, wasi, HttpContext.class, new HttpContext(settings)));
    }

    /**
     * Makes a new instance in a new store.
     *
     * @throws dev.wasmlet.runtime.GuestTrapException when a start function traps
     * @throws dev.wasmlet.runtime.UnlinkableComponentException when the component exports no
     *     {@code wasi:http/incoming-handler}
     */
    public HttpInstance instantiate(WasiContext wasi) {
        ComponentInstance instance = pre.instantiate(newStore(wasi));
        try {
            return new HttpInstance(instance);
        } catch (RuntimeException e) {
            instance.close();
            throw e;
        }
    }
}
