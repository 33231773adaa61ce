package org.neurojepa.pacs.dicom;

/**
 * Told of every association request the node answers. Called on the association's own thread; an
 * exception thrown here is logged and does not change the answer.
 */
public interface AssociationListener {
  void accepted(AssociationEvent event);

  void rejected(AssociationEvent event);
}
