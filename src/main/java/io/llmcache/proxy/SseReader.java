package io.llmcache.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits a Server-Sent Events body into events as the bytes arrive (the WHATWG rules:
 * lines end in LF, CRLF or CR, an empty line ends an event, {@code data:} lines are
 * joined with LF, one space after the colon is dropped, lines starting with a colon are
 * comments). It reads whatever the socket has and hands an event over the moment its
 * empty line arrives, so relaying adds no waiting. One event may be at most
 * {@code maxEventBytes} long.
 */
final class SseReader {

	private final InputStream in;

	private final int maxEventBytes;

	private final byte[] buffer = new byte[8192];

	private int position;

	private int limit;

	private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

	private boolean lastWasCr;

	SseReader(InputStream in, int maxEventBytes) {
		this.in = in;
		this.maxEventBytes = maxEventBytes;
	}

	/**
	 * The next event.
	 * @return the event, or {@code null} at the end of the body (an unfinished last event
	 * is dropped: a stream that ends in the middle of one is broken anyway)
	 * @throws IOException if reading fails or an event is too long
	 */
	SseEvent next() throws IOException {
		StringBuilder text = new StringBuilder();
		StringBuilder data = null;
		while (true) {
			String current = readLine();
			if (current == null) {
				return null;
			}
			text.append(current).append('\n');
			if (text.length() > this.maxEventBytes) {
				throw new IOException("A Server-Sent Event is longer than " + this.maxEventBytes + " bytes");
			}
			if (current.isEmpty()) {
				if (text.length() == 1) {
					// A stray blank line between events: nothing to hand over
					text.setLength(0);
					continue;
				}
				return new SseEvent(text.toString(), (data != null) ? data.toString() : null);
			}
			if (current.startsWith("data")) {
				String value = fieldValue(current, "data");
				if (value != null) {
					data = (data == null) ? new StringBuilder(value) : data.append('\n').append(value);
				}
			}
		}
	}

	private static String fieldValue(String line, String field) {
		if (line.length() == field.length()) {
			return "";
		}
		if (line.charAt(field.length()) != ':') {
			return null;
		}
		int start = field.length() + 1;
		if (start < line.length() && line.charAt(start) == ' ') {
			start++;
		}
		return line.substring(start);
	}

	private String readLine() throws IOException {
		this.line.reset();
		while (true) {
			if (this.position == this.limit) {
				int read = this.in.read(this.buffer);
				if (read < 0) {
					return null;
				}
				this.position = 0;
				this.limit = read;
			}
			byte b = this.buffer[this.position++];
			if (b == '\n') {
				if (this.lastWasCr) {
					this.lastWasCr = false;
					continue;
				}
				return lineText();
			}
			this.lastWasCr = false;
			if (b == '\r') {
				this.lastWasCr = true;
				return lineText();
			}
			if (this.line.size() >= this.maxEventBytes) {
				throw new IOException("A Server-Sent Event is longer than " + this.maxEventBytes + " bytes");
			}
			this.line.write(b);
		}
	}

	private String lineText() {
		return this.line.toString(StandardCharsets.UTF_8);
	}

}
