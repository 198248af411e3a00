enum KubePlaceholder {}
