package io.customerdata.gateway.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * An OpenTelemetry collector's OTLP/HTTP trace receiver, reduced to keeping what it is
 * sent: the export requests, as protobuf bytes.
 */
public final class OtlpCollector implements AutoCloseable {

	private final HttpServer server;

	private final List<byte[]> exports = new CopyOnWriteArrayList<>();

	public OtlpCollector() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/v1/traces", (exchange) -> {
			try (exchange) {
				if ("POST".equals(exchange.getRequestMethod())
						&& "application/x-protobuf".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
					this.exports.add(exchange.getRequestBody().readAllBytes());
					exchange.sendResponseHeaders(200, -1);
				}
				else {
					exchange.sendResponseHeaders(415, -1);
				}
			}
		});
		this.server.start();
	}

	public String tracesEndpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1/traces";
	}

	/** Every export request received so far, in one byte array. */
	public byte[] received() {
		int size = this.exports.stream().mapToInt((export) -> export.length).sum();
		byte[] all = new byte[size];
		int offset = 0;
		for (byte[] export : this.exports) {
			System.arraycopy(export, 0, all, offset, export.length);
			offset += export.length;
		}
		return all;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
