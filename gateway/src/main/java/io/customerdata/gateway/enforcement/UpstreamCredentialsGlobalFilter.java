package io.customerdata.gateway.enforcement;

import java.net.URI;

import io.customerdata.gateway.FilterOrders;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import io.customerdata.gateway.sources.connector.SourceClient;
import io.customerdata.gateway.sources.connector.SourceClients;
import io.customerdata.gateway.sources.connector.SourceErrors;
import io.customerdata.gateway.sources.connector.UpstreamCredentials;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The pass-through route presents the same credentials to a department as its connector
 * does, within the same request budget and throttle: the gateway's token (or the
 * caller's, exchanged, or one for the caller's own user had with a signed assertion) in
 * {@code Authorization}, and the base URL a token names (Salesforce's
 * {@code instance_url}). A 401 renews the credentials for the next call; a throttling
 * answer pauses the source, or the endpoint budget its path spends, for everyone. A
 * streamed request is not sent twice, so unlike a lookup it is not retried.
 */
@Component
class UpstreamCredentialsGlobalFilter implements GlobalFilter, Ordered {

	private final SourceClients clients;

	UpstreamCredentialsGlobalFilter(SourceClients clients) {
		this.clients = clients;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		String source = (route != null) ? (String) route.getMetadata().get(DepartmentRoutes.SOURCE) : null;
		SourceClient client = (source != null) ? this.clients.get(source).orElse(null) : null;
		if (client == null) {
			return chain.filter(exchange);
		}
		URI routed = exchange.getRequiredAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		String path = client.pathBelowBase(routed);
		Mono<UpstreamCredentials.Authorization> credentials = Mono.defer(() -> client.credentials().authorization())
			.onErrorMap(SourceErrors.IdentityRefused.class, (ex) -> GatewayProblem.of(
					ProblemType.UPSTREAM_IDENTITY_REFUSED,
					"The department application acts as its callers, and it has no user of yours that the gateway can name."))
			.onErrorMap((ex) -> !(ex instanceof SourceErrors.RateLimited) && !(ex instanceof GatewayProblem),
					(ex) -> GatewayProblem.of(ProblemType.UPSTREAM_UNAVAILABLE,
							"The gateway has no credentials for the department application now."));
		return client.limit(path, credentials.flatMap((authorization) -> {
			ServerWebExchange authorized = exchange.mutate().request((request) -> request.headers((headers) -> {
				if (authorization.header() != null) {
					headers.set(HttpHeaders.AUTHORIZATION, authorization.header());
				}
			})).build();
			if (authorization.baseUrl() != null) {
				rebase(authorized, authorization.baseUrl());
			}
			return chain.filter(authorized)
				.then(Mono.<Void>fromRunnable(() -> observe(exchange, client, path, authorization)));
		}))
			.onErrorMap(SourceErrors.RateLimited.class, (ex) -> GatewayProblem.of(ProblemType.UPSTREAM_RATE_LIMITED,
					"The department application is rate-limited; try again later."));
	}

	private static void rebase(ServerWebExchange exchange, URI base) {
		URI routed = exchange.getRequiredAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		URI rebased = UriComponentsBuilder.fromUri(routed)
			.scheme(base.getScheme())
			.host(base.getHost())
			.port(base.getPort())
			.build(true)
			.toUri();
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, rebased);
	}

	private static void observe(ServerWebExchange exchange, SourceClient client, String path,
			UpstreamCredentials.Authorization authorization) {
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		if (status == null) {
			return;
		}
		if (status.value() == 401) {
			client.credentials().rejected(authorization);
		}
		client.observe(path, status.value(), exchange.getResponse().getHeaders(), null);
	}

	@Override
	public int getOrder() {
		return FilterOrders.UPSTREAM_CREDENTIALS;
	}

}
