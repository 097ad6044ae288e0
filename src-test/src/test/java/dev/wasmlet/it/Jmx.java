package dev.wasmlet.it;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.Closeable;
import java.io.IOException;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The container's platform MBean server, through the JDK's local management agent (started in
 * the container process over the attach mechanism, loopback only): the Wasmlet pool MBeans the
 * application registers.
 */
final class Jmx implements Closeable {
    static final String POOLS = "dev.wasmlet:type=Pool,*";

    private final JMXConnector connector;
    private final MBeanServerConnection server;

    private Jmx(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
    }

    static Jmx attach(long pid) throws IOException {
        String address;
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
        } catch (AttachNotSupportedException e) {
            throw new IOException("cannot attach to " + pid + ": " + e.getMessage(), e);
        }
        return new Jmx(JMXConnectorFactory.connect(new JMXServiceURL(address)));
    }

    /** The Wasmlet pools registered now. */
    Set<ObjectName> pools() throws IOException, JMException {
        return server.queryNames(new ObjectName(POOLS), null);
    }

    /** The only pool registered now. */
    ObjectName pool() throws IOException, JMException {
        Set<ObjectName> pools = pools();
        if (pools.size() != 1) {
            throw new AssertionError("expected one Wasmlet pool MBean, found " + pools);
        }
        return pools.iterator().next();
    }

    long number(ObjectName name, String attribute) throws IOException, JMException {
        return ((Number) server.getAttribute(name, attribute)).longValue();
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
