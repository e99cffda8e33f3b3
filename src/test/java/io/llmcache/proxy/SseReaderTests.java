package io.llmcache.proxy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link SseReader}.
 */
class SseReaderTests {

	@Test
	void splitsEventsOnBlankLinesWhateverTheLineEndings() throws IOException {
		List<SseEvent> events = readAll("data: {\"a\":1}\n\ndata: {\"b\":2}\r\n\r\ndata: [DONE]\r\r", 1024);
		assertThat(events).extracting(SseEvent::data).containsExactly("{\"a\":1}", "{\"b\":2}", "[DONE]");
		assertThat(events.get(2).isDone()).isTrue();
	}

	@Test
	void joinsDataLinesAndKeepsCommentsAsEventsWithoutData() throws IOException {
		List<SseEvent> events = readAll(": keep-alive\n\nevent: message\ndata: first\ndata:second\n\n", 1024);
		assertThat(events).hasSize(2);
		assertThat(events.get(0).data()).isNull();
		assertThat(events.get(0).text()).isEqualTo(": keep-alive\n\n");
		assertThat(events.get(1).data()).isEqualTo("first\nsecond");
		assertThat(events.get(1).text()).isEqualTo("event: message\ndata: first\ndata:second\n\n");
	}

	@Test
	void dropsAnUnfinishedLastEvent() throws IOException {
		assertThat(readAll("data: whole\n\ndata: {\"half\":", 1024)).extracting(SseEvent::data)
			.containsExactly("whole");
	}

	@Test
	void handsOverAnEventAsSoonAsItsBlankLineArrives() throws IOException {
		// A stream that would block after the first event: the reader must not ask for
		// more
		InputStream firstThenBlock = new InputStream() {

			private final byte[] first = "data: 1\n\n".getBytes(StandardCharsets.UTF_8);

			private int position;

			@Override
			public int read() {
				throw new AssertionError("read byte by byte");
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				if (this.position == this.first.length) {
					throw new AssertionError("asked for more than the first event");
				}
				int n = Math.min(length, this.first.length - this.position);
				System.arraycopy(this.first, this.position, buffer, offset, n);
				this.position += n;
				return n;
			}

		};
		assertThat(new SseReader(firstThenBlock, 1024).next().data()).isEqualTo("1");
	}

	@Test
	void refusesAnEventLongerThanTheLimit() {
		assertThatIOException().isThrownBy(() -> readAll("data: " + "x".repeat(100) + "\n\n", 64))
			.withMessageContaining("longer than 64");
	}

	private static List<SseEvent> readAll(String text, int limit) throws IOException {
		SseReader reader = new SseReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), limit);
		List<SseEvent> events = new ArrayList<>();
		SseEvent event;
		while ((event = reader.next()) != null) {
			events.add(event);
		}
		return events;
	}

}
