package io.customerdata.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A department application for tests that need no real one: {@code /echo/**} answers with
 * the request's path and headers, {@code /fail/{status}} answers that status with a body
 * that leaks a stack trace, {@code /slow/{millis}} answers after a delay, a path given an
 * {@link #answer answer} with that, and anything else with a small JSON document.
 */
public final class StubDepartment implements AutoCloseable {

	public static final String LEAKED_SECRET = "java.lang.IllegalStateException: db password=hunter2";

	private final HttpServer server;

	private final Map<String, Answer> answers = new java.util.concurrent.ConcurrentHashMap<>();

	private record Answer(String contentType, String body) {
	}

	public StubDepartment() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** Answers GETs of this path (query included) with this JSON from now on. */
	public StubDepartment answer(String pathAndQuery, String json) {
		return answer(pathAndQuery, "application/json", json);
	}

	public StubDepartment answer(String pathAndQuery, String contentType, String body) {
		this.answers.put(pathAndQuery, new Answer(contentType, body));
		return this;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getRawPath();
		try (InputStream in = exchange.getRequestBody()) {
			in.transferTo(OutputStream.nullOutputStream());
		}
		String query = exchange.getRequestURI().getRawQuery();
		Answer answer = this.answers.get((query != null) ? path + "?" + query : path);
		if (answer != null) {
			respond(exchange, 200, answer.contentType(), answer.body());
		}
		else if (path.startsWith("/fail/")) {
			respond(exchange, Integer.parseInt(path.substring(6)), "{\"error\":\"" + LEAKED_SECRET + "\"}");
		}
		else if (path.startsWith("/slow/")) {
			try {
				Thread.sleep(Long.parseLong(path.substring(6)));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			respond(exchange, 200, "{\"slow\":true}");
		}
		else if (path.startsWith("/echo")) {
			Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
			StringBuilder json = new StringBuilder("{\"path\":\"").append(path).append("\",\"headers\":{");
			headers.forEach((name, value) -> json.append('"')
				.append(name.toLowerCase())
				.append("\":\"")
				.append(value.replace("\"", "'"))
				.append("\","));
			json.setLength(json.length() - 1);
			respond(exchange, 200, json.append("}}").toString());
		}
		else {
			respond(exchange, 200, "{\"ok\":true,\"path\":\"" + path + "\"}");
		}
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		respond(exchange, status, "application/json", body);
	}

	private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
