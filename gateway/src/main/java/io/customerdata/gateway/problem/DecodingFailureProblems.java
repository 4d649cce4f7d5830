package io.customerdata.gateway.problem;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import reactor.netty.NettyPipeline;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;

/**
 * Requests Netty refuses while decoding them (a request line over 4,096 bytes: 414;
 * headers over {@code server.max-http-request-header-size}: 431; a request that is not
 * HTTP: 400) never reach the gateway's own error handling: Reactor Netty answers them
 * itself, with an empty body. This handler, between the HTTP codec and Reactor Netty's
 * own, gives every such empty error answer a problem document, with a trace id of its own
 * in the body and in {@code X-Trace-Id}, since no trace had begun.
 */
@Configuration(proxyBeanMethods = false)
class DecodingFailureProblems {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Bean
	NettyServerCustomizer decodingFailureProblemsCustomizer() {
		return (server) -> server.doOnChannelInit((observer, channel, remote) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
				channel.pipeline()
					.addAfter(NettyPipeline.HttpCodec, "customer-gateway.decodingFailureProblems", new Handler());
			}
		});
	}

	/**
	 * Gives an empty error answer a body; remembers HEAD requests, whose answers have
	 * none.
	 */
	static final class Handler extends ChannelDuplexHandler {

		private boolean head;

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
			if (msg instanceof HttpRequest request) {
				this.head = HttpMethod.HEAD.equals(request.method());
			}
			super.channelRead(ctx, msg);
		}

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
			if (msg instanceof FullHttpResponse response && !this.head && response.status().code() >= 400
					&& !response.content().isReadable() && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE)) {
				ProblemType type = switch (response.status().code()) {
					case 414 -> ProblemType.URI_TOO_LONG;
					case 431 -> ProblemType.HEADERS_TOO_LARGE;
					case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
					default -> ProblemType.BAD_REQUEST;
				};
				FullHttpResponse problem = problem(response, type);
				response.release();
				super.write(ctx, problem, promise);
				return;
			}
			super.write(ctx, msg, promise);
		}

		private static FullHttpResponse problem(FullHttpResponse refused, ProblemType type) {
			byte[] random = new byte[16];
			ThreadLocalRandom.current().nextBytes(random);
			String traceId = HexFormat.of().formatHex(random);
			ObjectNode body = JSON.createObjectNode()
				.put("type", type.type().toString())
				.put("title", type.title())
				.put("status", refused.status().code())
				.put("detail", "The server refused the request before reading it: " + type.title().toLowerCase() + ".")
				.put("code", type.code())
				.put("traceId", traceId);
			byte[] bytes = JSON.writeValueAsBytes(body);
			FullHttpResponse problem = new DefaultFullHttpResponse(refused.protocolVersion(), refused.status(),
					Unpooled.wrappedBuffer(bytes));
			problem.headers()
				.set(refused.headers())
				.set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
				.set(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
				.set(HttpHeaderNames.CACHE_CONTROL, "no-store")
				.set("X-Trace-Id", traceId);
			return problem;
		}

	}

}
