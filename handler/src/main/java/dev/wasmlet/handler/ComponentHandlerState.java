package dev.wasmlet.handler;

import dev.wasmlet.runtime.wasi.WasiContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the workers of a {@link ProxyHandler} from a component: each gets a fresh instance whose
 * WASI context carries the configured environment plus {@code INSTANCE_ID}, whose stdout and
 * stderr lines are tagged with that id, and whose lifetime the shared {@link WorkerPolicy}
 * governs.
 */
public final class ComponentHandlerState<D> implements HandlerState<D> {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentHandlerState.class);

    private final Function<WasiContext, GuestInstance> instantiate;
    private final List<Map.Entry<String, String>> environment;
    private final WorkerPolicy policy;
    private final boolean loggingPrefix;
    private final Consumer<String> stdoutLines;
    private final Consumer<String> stderrLines;
    private final AtomicLong instanceIds = new AtomicLong();

    /**
     * @param instantiate makes an instance with a WASI context
     * @param environment the guest's environment, to which {@code INSTANCE_ID} is added
     * @param policy the policies of every worker, changeable at run time
     * @param loggingPrefix whether guest output lines start {@code stdout [N] :: }
     * @param stdoutLines where guest stdout lines go
     * @param stderrLines where guest stderr lines go
     */
    public ComponentHandlerState(Function<WasiContext, GuestInstance> instantiate,
                                 List<Map.Entry<String, String>> environment, WorkerPolicy policy,
                                 boolean loggingPrefix, Consumer<String> stdoutLines, Consumer<String> stderrLines) {
        this.instantiate = Objects.requireNonNull(instantiate, "instantiate");
        this.environment = List.copyOf(environment);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.loggingPrefix = loggingPrefix;
        this.stdoutLines = stdoutLines;
        this.stderrLines = stderrLines;
    }

    /** Guest output to this class's logger: stdout at INFO, stderr at WARN. */
    public static ComponentHandlerState<Object> logging(Function<WasiContext, GuestInstance> instantiate,
                                                        List<Map.Entry<String, String>> environment,
                                                        WorkerPolicy policy, boolean loggingPrefix) {
        return new ComponentHandlerState<>(instantiate, environment, policy, loggingPrefix, LOG::info, LOG::warn);
    }

    public WorkerPolicy policy() {
        return policy;
    }

    @Override
    public WorkerInstance<D> instantiate() {
        long id = instanceIds.getAndIncrement();
        GuestOutput stdout = new GuestOutput("stdout", id, loggingPrefix, stdoutLines);
        GuestOutput stderr = new GuestOutput("stderr", id, loggingPrefix, stderrLines);
        List<Map.Entry<String, String>> env = new ArrayList<>(environment);
        env.add(Map.entry("INSTANCE_ID", Long.toString(id)));
        WasiContext wasi = WasiContext.builder()
                .environment(env)
                .stdout(bytes -> stdout.write(bytes, 0, bytes.length))
                .stderr(bytes -> stderr.write(bytes, 0, bytes.length))
                .build();
        GuestInstance instance = instantiate.apply(wasi);
        WorkerPolicy.Worker<D> worker = policy.forWorker(instance::memoryBytes, (store, failure) -> {
            stdout.close();
            stderr.close();
            if (failure != null) {
                LOG.debug("instance {} dropped: {}", id, failure.toString());
            }
        });
        return new WorkerInstance<>(instance.store(), instance, worker, worker);
    }
}
