package io.customerdata.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on loopback whose path can be cut and restored: for tests of what
 * happens when a database becomes unreachable mid-traffic. Cutting closes every open
 * connection and refuses new ones; restoring listens again on the same port.
 */
public final class TcpProxy implements AutoCloseable {

	private final int targetPort;

	private final int port;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private volatile ServerSocket server;

	public TcpProxy(int targetPort) throws IOException {
		this.targetPort = targetPort;
		this.server = listen(0);
		this.port = this.server.getLocalPort();
	}

	public int port() {
		return this.port;
	}

	/** Every connection through the proxy breaks, and new ones are refused. */
	public synchronized void cut() throws IOException {
		this.server.close();
		for (Socket socket : this.open) {
			socket.close();
		}
		this.open.clear();
	}

	public synchronized void restore() throws IOException {
		if (this.server.isClosed()) {
			this.server = listen(this.port);
		}
	}

	@Override
	public void close() throws IOException {
		cut();
	}

	private ServerSocket listen(int port) throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress("127.0.0.1", port));
		Thread.ofVirtual().start(() -> accept(socket));
		return socket;
	}

	private void accept(ServerSocket socket) {
		while (!socket.isClosed()) {
			try {
				Socket client = socket.accept();
				Socket target = new Socket("127.0.0.1", this.targetPort);
				this.open.add(client);
				this.open.add(target);
				Thread.ofVirtual().start(() -> pipe(client, target));
				Thread.ofVirtual().start(() -> pipe(target, client));
			}
			catch (IOException ex) {
				// Closed by cut(), or the target refused: the client sees a closed
				// connection.
			}
		}
	}

	private void pipe(Socket from, Socket to) {
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			in.transferTo(out);
		}
		catch (IOException ex) {
			// One side closed.
		}
		finally {
			close(from);
			close(to);
		}
	}

	private void close(Socket socket) {
		this.open.remove(socket);
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Already closed.
		}
	}

}
