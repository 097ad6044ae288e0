package dev.wasmlet.runtime;

import dev.wasmlet.runtime.engine.CoreStore;
import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.internal.link.HostInterface;
import dev.wasmlet.runtime.internal.link.Instantiator;
import dev.wasmlet.runtime.internal.link.LinkCache;
import java.util.Map;

/** A component whose imports are matched to hosts: ready to instantiate, many times, from any thread. */
public final class InstancePre {
    private final ComponentRuntime runtime;
    private final Component component;
    private final Map<String, HostInterface> hosts;
    private final Map<String, String> liftNames;
    private final LinkCache linkCache = new LinkCache();

    InstancePre(ComponentRuntime runtime, Component component, Map<String, HostInterface> hosts) {
        this.runtime = runtime;
        this.component = component;
        this.hosts = Map.copyOf(hosts);
        this.liftNames = Instantiator.liftNames(component.binary(), component.name());
    }

    public Component component() {
        return component;
    }

    /**
     * Makes a new instance whose host state is {@code store}. {@link ComponentInstance#close()}
     * it when done with it.
     *
     * @throws InvalidComponentException when the component's definitions do not fit together
     * @throws UnlinkableComponentException when an import does not fit its host
     * @throws GuestTrapException when a core module's start function traps
     */
    public ComponentInstance instantiate(Store store) {
        CoreStore coreStore = runtime.engine().newStore(store::interruptDeadline);
        try {
            Instantiator instantiator = new Instantiator(runtime.engine(), coreStore, component.modules(), hosts,
                    store, liftNames, linkCache);
            Map<String, Object> exports = instantiator.instantiate(component.binary(), component.name());
            return new ComponentInstance(component, store, coreStore, exports, instantiator.memories());
        } catch (RuntimeException | Error e) {
            coreStore.close();
            throw e;
        }
    }
}
