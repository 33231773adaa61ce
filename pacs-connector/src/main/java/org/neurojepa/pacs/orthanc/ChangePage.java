package org.neurojepa.pacs.orthanc;

import java.util.List;

/**
 * One page of the change feed.
 *
 * @param last the sequence number to pass as {@code since} for the next page
 * @param done true when this page reached the end of the feed (for now)
 */
public record ChangePage(List<Change> changes, long last, boolean done) {
  public ChangePage {
    changes = List.copyOf(changes);
  }
}
