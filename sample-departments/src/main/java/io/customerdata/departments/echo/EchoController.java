package io.customerdata.departments.echo;

import java.util.Map;
import java.util.TreeMap;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers with what this application received: method, path, query and headers. Lets
 * tests see exactly what the gateway forwards (and what it strips).
 */
@RestController
class EchoController {

	@RequestMapping("/echo/**")
	Map<String, Object> echo(ServerHttpRequest request) {
		Map<String, Object> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		request.getHeaders().forEach(headers::put);
		return Map.of("method", request.getMethod().name(), "path", request.getPath().value(), "query",
				request.getQueryParams(), "headers", headers);
	}

}
