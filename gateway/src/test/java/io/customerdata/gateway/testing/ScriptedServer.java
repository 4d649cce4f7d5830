package io.customerdata.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server that answers as a test scripts it and records every request, for
 * tests of what the gateway sends (credentials, templates, pages) and how it reads what
 * comes back. Counts the most requests it held at once.
 */
public final class ScriptedServer implements AutoCloseable {

	/** One request as it arrived: raw path and query, lower-case header names. */
	public record Request(String method, String pathAndQuery, Map<String, String> headers, String body) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase(java.util.Locale.ROOT));
		}

	}

	/** An answer: status, headers, JSON body, and a delay before it. */
	public record Reply(int status, Map<String, String> headers, String body, long delayMillis) {

		public static Reply json(String body) {
			return new Reply(200, Map.of(), body, 0);
		}

		public static Reply status(int status) {
			return new Reply(status, Map.of(), "{\"error\":\"vendor detail with secret-ish text\"}", 0);
		}

		public Reply with(String header, String value) {
			Map<String, String> headers = new java.util.HashMap<>(this.headers);
			headers.put(header, value);
			return new Reply(this.status, Map.copyOf(headers), this.body, this.delayMillis);
		}

		public Reply after(long millis) {
			return new Reply(this.status, this.headers, this.body, millis);
		}

	}

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger mostInFlight = new AtomicInteger();

	private volatile Function<Request, Reply> script;

	public ScriptedServer(Function<Request, Reply> script) {
		this.script = script;
		this.server = Servers.start(() -> HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512));
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public void script(Function<Request, Reply> script) {
		this.script = script;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public List<Request> requests() {
		return List.copyOf(this.requests);
	}

	public int mostInFlight() {
		return this.mostInFlight.get();
	}

	private void handle(HttpExchange exchange) throws IOException {
		int now = this.inFlight.incrementAndGet();
		this.mostInFlight.accumulateAndGet(now, Math::max);
		try {
			String body;
			try (InputStream in = exchange.getRequestBody()) {
				body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			Map<String, String> headers = new java.util.HashMap<>();
			exchange.getRequestHeaders()
				.forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT),
						String.join(",", values)));
			String query = exchange.getRequestURI().getRawQuery();
			Request request = new Request(exchange.getRequestMethod(),
					exchange.getRequestURI().getRawPath() + ((query != null) ? "?" + query : ""), Map.copyOf(headers),
					body);
			this.requests.add(request);
			Reply reply = this.script.apply(request);
			if (reply.delayMillis() > 0) {
				Thread.sleep(reply.delayMillis());
			}
			byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
			exchange.sendResponseHeaders(reply.status(), bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.inFlight.decrementAndGet();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
