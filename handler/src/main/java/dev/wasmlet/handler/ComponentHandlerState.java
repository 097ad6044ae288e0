package dev.wasmlet.handler;

import dev.wasmlet.runtime.engine.CoreInterrupted;
import dev.wasmlet.runtime.host.Store;
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
import org.slf4j.MDC;

/**
 * Makes the workers of a {@link ProxyHandler} from a component: each gets a fresh instance whose
 * WASI context carries the configured environment plus {@code INSTANCE_ID}, whose stdout and
 * stderr lines are tagged with that id, and whose lifetime the shared {@link WorkerPolicy}
 * governs. While a guest runs, the worker thread's SLF4J MDC holds {@value #MDC_COMPONENT},
 * {@value #MDC_INSTANCE_ID} and {@value #MDC_REQUEST_ID}, so that guest output lands in the logs
 * attributed to its component, instance and request.
 */
public final class ComponentHandlerState<D> implements HandlerState<D> {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentHandlerState.class);
    /** The MDC key of the component's name, for logs that gather several components' output. */
    public static final String MDC_COMPONENT = "wasmlet.component";
    /** The MDC key of the instance id, as the guest sees it in {@code INSTANCE_ID}. */
    public static final String MDC_INSTANCE_ID = "wasmlet.instanceId";
    /** The MDC key of the id of the request a guest is handling. */
    public static final String MDC_REQUEST_ID = "wasmlet.requestId";

    private final String component;
    private final Function<WasiContext, GuestInstance> instantiate;
    private final List<Map.Entry<String, String>> environment;
    private final WorkerPolicy policy;
    private final boolean loggingPrefix;
    private final Consumer<String> stdoutLines;
    private final Consumer<String> stderrLines;
    private final Function<? super D, String> requestId;
    private final AtomicLong instanceIds = new AtomicLong();

    /**
     * @param component the component's name, for the MDC
     * @param instantiate makes an instance with a WASI context
     * @param environment the guest's environment, to which {@code INSTANCE_ID} is added
     * @param policy the policies of every worker, changeable at run time
     * @param loggingPrefix whether guest output lines start {@code stdout [N] :: }
     * @param stdoutLines where guest stdout lines go
     * @param stderrLines where guest stderr lines go
     * @param requestId the id of a request from its data, for the MDC
     */
    public ComponentHandlerState(String component, Function<WasiContext, GuestInstance> instantiate,
                                 List<Map.Entry<String, String>> environment, WorkerPolicy policy,
                                 boolean loggingPrefix, Consumer<String> stdoutLines, Consumer<String> stderrLines,
                                 Function<? super D, String> requestId) {
        this.component = Objects.requireNonNull(component, "component");
        this.instantiate = Objects.requireNonNull(instantiate, "instantiate");
        this.environment = List.copyOf(environment);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.loggingPrefix = loggingPrefix;
        this.stdoutLines = stdoutLines;
        this.stderrLines = stderrLines;
        this.requestId = Objects.requireNonNull(requestId, "requestId");
    }

    public WorkerPolicy policy() {
        return policy;
    }

    /**
     * Called on the new worker's thread, which serves only this instance until the worker ends
     * (then it may serve another worker: the instance's MDC entries are removed at drop).
     */
    @Override
    public WorkerInstance<D> instantiate() {
        long id = instanceIds.getAndIncrement();
        MDC.put(MDC_COMPONENT, component);
        MDC.put(MDC_INSTANCE_ID, Long.toString(id));
        GuestOutput stdout = new GuestOutput("stdout", id, loggingPrefix, stdoutLines);
        GuestOutput stderr = new GuestOutput("stderr", id, loggingPrefix, stderrLines);
        List<Map.Entry<String, String>> env = new ArrayList<>(environment);
        env.add(Map.entry("INSTANCE_ID", Long.toString(id)));
        WasiContext wasi = WasiContext.builder()
                .environment(env)
                .stdout(bytes -> stdout.write(bytes, 0, bytes.length))
                .stderr(bytes -> stderr.write(bytes, 0, bytes.length))
                .build();
        GuestInstance instance;
        try {
            instance = instantiate.apply(wasi);
        } catch (RuntimeException | Error e) {
            clearInstanceMdc();
            throw e;
        }
        WorkerPolicy.Worker<D> worker = policy.forWorker(instance::memoryBytes, (store, failure) -> {
            instance.close();
            stdout.close();
            stderr.close();
            if (failure != null) {
                LOG.debug("instance {} dropped: {}", id, failure.toString());
            }
        });
        WorkerState<D> state = new WorkerState<>() {
            @Override
            public ShouldAccept shouldAcceptRequest(int concurrentCount, long totalCount) {
                return worker.shouldAcceptRequest(concurrentCount, totalCount);
            }

            @Override
            public long onRequestStart(Store store, D data) {
                MDC.put(MDC_REQUEST_ID, requestId.apply(data));
                return worker.onRequestStart(store, data);
            }

            @Override
            public void drop(Store store, Throwable failure) {
                try {
                    worker.drop(store, failure);
                } finally {
                    clearInstanceMdc();
                }
            }
        };
        Proxy proxy = (store, request, response) -> {
            try {
                instance.handle(store, request, response);
            } catch (CoreInterrupted e) {
                // The caller was answered at the deadline from another thread; this line, with the
                // request, instance and component in its MDC, says which instance was stopped.
                LOG.warn("guest stopped at its deadline (or the pool's shutdown): {}", e.getMessage());
                throw e;
            } finally {
                MDC.remove(MDC_REQUEST_ID);
            }
        };
        return new WorkerInstance<>(instance.store(), proxy, worker, state, instance::memoryBytes);
    }

    private static void clearInstanceMdc() {
        MDC.remove(MDC_COMPONENT);
        MDC.remove(MDC_INSTANCE_ID);
    }
}
