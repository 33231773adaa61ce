package org.neurojepa.pacs.orthanc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Follows Orthanc's change feed from a position: each {@link #poll()} returns the changes since
 * the previous one, reading as many pages as Orthanc has. Keep {@link #cursor()} (durably) to
 * resume after a restart without replaying or losing changes. Not thread-safe: one follower per
 * feed.
 */
public final class ChangeFeed {
  private static final int PAGE = 100;

  private final OrthancClient client;
  private final int pageSize;
  private long cursor;

  ChangeFeed(OrthancClient client, long cursor) {
    this(client, cursor, PAGE);
  }

  ChangeFeed(OrthancClient client, long cursor, int pageSize) {
    if (cursor < 0 || pageSize < 1) {
      throw new IllegalArgumentException("cursor must be ≥ 0 and page size ≥ 1: " + cursor + ", " + pageSize);
    }
    this.client = Objects.requireNonNull(client, "client");
    this.cursor = cursor;
    this.pageSize = pageSize;
  }

  /** The sequence number of the last change returned so far. */
  public long cursor() {
    return cursor;
  }

  /**
   * Every change after the cursor, oldest first (empty when there is none), and moves the cursor
   * past them. A failure leaves the cursor where it was, so the next poll repeats the read.
   */
  public List<Change> poll() {
    List<Change> all = new ArrayList<>();
    long position = cursor;
    while (true) {
      ChangePage page = client.changes(position, pageSize);
      all.addAll(page.changes());
      // Orthanc reports Last = since on an empty page; never move backwards.
      position = Math.max(position, page.last());
      if (page.done() || page.changes().isEmpty()) {
        break;
      }
    }
    cursor = position;
    return all;
  }
}
