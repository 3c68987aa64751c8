# cython: language_level=3, boundscheck=False, wraparound=False
"""The model builder's walk over the parsed tree, in C (built by ``tools/build_ext.py``).

It is :meth:`validator.parser._Builder._element`, ``_extensions``, ``_diagram`` and
``_resolve`` step for step, reading libxml2's nodes directly instead of through lxml's
element proxies: a tag is named once per (name, namespace) pair of a document, an
attribute's value is read from its text node, and no proxy object is made for an element
that the Python walk would only have looked at. What is rare (expressions with an xsi:type,
documentation and text bodies, refused ids, odd namespace spellings, lines beyond 65,534)
goes through the Python builder's own methods on a proxy, so both walks give the same model;
tests/test_parser_cbuild.py compares them on every BPMN file of the project and the MIWG
corpus, on files made for the rare paths, and on randomly changed maps.

:func:`walk` takes the Python builder (its tables, notices and lists are filled in place) and
the lxml root, and returns the definitions element; :func:`resolve` then links the references.
"""
cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree
from cpython.ref cimport PyObject
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.stdlib cimport calloc, free
from libc.string cimport strlen, strcmp

cetree.import_lxml__etree()

# set by validator.parser (init): the Python side's classes, tables and helpers
cdef object Element, Notice, Shape, Edge, Bounds, Diagram
cdef dict TYPES, TAG_TO_TYPE
cdef object _allowed, _valid_id, _num, _ns_kind
cdef object _REF_CHILDREN
cdef frozenset REF_ATTRS, QNAME_ATTRS, REF_OR_QNAME
cdef int K_BPMN, K_DI, K_PPB
cdef str DC_BOUNDS, BPMN_LABEL, XSI_TYPE
cdef object NO_EXT, NO_PROPS, NO_REFS, NO_LIST


def init(dict ns):
    global Element, Notice, Shape, Edge, Bounds, Diagram, TYPES, TAG_TO_TYPE, _allowed, _ns_kind
    global _valid_id, _num, _REF_CHILDREN, K_BPMN, K_DI, K_PPB, DC_BOUNDS, BPMN_LABEL, XSI_TYPE
    global NO_EXT, NO_PROPS, NO_REFS, NO_LIST, REF_ATTRS, QNAME_ATTRS, REF_OR_QNAME
    Element = ns["Element"]
    Notice = ns["Notice"]
    Shape = ns["Shape"]
    Edge = ns["Edge"]
    Bounds = ns["Bounds"]
    Diagram = ns["Diagram"]
    TYPES = ns["TYPES"]
    TAG_TO_TYPE = ns["TAG_TO_TYPE"]
    _allowed = ns["_allowed"]
    _ns_kind = ns["_ns_kind"]
    _valid_id = ns["_valid_id"]
    _num = ns["_num"]
    _REF_CHILDREN = ns["_REF_CHILDREN"]
    K_BPMN = ns["_K_BPMN"]
    K_DI = ns["_K_DI"]
    K_PPB = ns["_K_PPB"]
    DC_BOUNDS = ns["_DC_BOUNDS"]
    BPMN_LABEL = ns["_BPMN_LABEL"]
    XSI_TYPE = ns["_XSI_TYPE"]
    REF_ATTRS = ns["_REF_ATTR_SET"]
    QNAME_ATTRS = ns["_QNAME_ATTR_SET"]
    REF_OR_QNAME = ns["_REF_OR_QNAME_ATTRS"]
    NO_EXT = Element.ext
    NO_PROPS = Element.props
    NO_REFS = Element.ref_ids
    NO_LIST = Element.children


cdef inline str _utf8(const tree.const_xmlChar* s):
    return PyUnicode_DecodeUTF8(<const char*> s, strlen(<const char*> s), NULL)


cdef double[16] _POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
                          1e13, 1e14, 1e15]


cdef inline const char* _digits(const char* p, unsigned long long* digits, int* count) noexcept:
    """Reads the decimal digits at ``p`` (at least one) into ``digits``: where they end, or
    NULL when there is none or more than 15 in all (``count`` carries the total)."""
    if not 48 <= p[0] <= 57:
        return NULL
    while 48 <= p[0] <= 57:
        digits[0] = digits[0] * 10 + <unsigned long long> (p[0] - 48)
        count[0] += 1
        if count[0] > 15:
            return NULL
        p += 1
    return p


cdef inline bint _plain_decimal(const char* p, double* out) noexcept:
    """A plain decimal as exporters write coordinates ("412", "-80.5"): its value, exactly as
    ``float()`` reads it. At most 15 digits, so the digits are an exact double and so is the
    power of ten; one IEEE division of two exact numbers rounds correctly, as float() does.
    False for anything else (exponents, signs other than '-', spaces, '.5', '5.', more
    digits): the caller then goes the way of float() and the builder's _num."""
    cdef bint neg = p[0] == 45               # '-'
    cdef unsigned long long digits = 0
    cdef int count = 0, whole
    cdef double value
    if neg:
        p += 1
    p = _digits(p, &digits, &count)
    if p == NULL:
        return False
    whole = count
    if p[0] == 46:                           # '.'
        p = _digits(p + 1, &digits, &count)
        if p == NULL:
            return False
    if p[0] != 0:
        return False
    value = <double> digits
    if count > whole:
        value = value / _POW10[count - whole]
    out[0] = -value if neg else value
    return True


cdef struct Slot:
    size_t name
    size_t ns
    PyObject* value        # owned by the table's ``keep`` list


cdef class _Names:
    """(name, namespace) pointers of a node -> a Python value, in an open-addressed table:
    libxml2 keeps each name once per document, so a document has few distinct pairs."""
    cdef Slot* slots
    cdef size_t mask, used
    cdef list keep

    def __cinit__(self):
        self.mask = 255
        self.used = 0
        self.slots = <Slot*> calloc(self.mask + 1, sizeof(Slot))
        if self.slots == NULL:
            raise MemoryError()
        self.keep = []

    def __dealloc__(self):
        free(self.slots)

    cdef inline size_t _index(self, size_t name, size_t ns) noexcept:
        return ((name >> 4) * <size_t> 2654435761 ^ (ns >> 4) * <size_t> 40503) & self.mask

    cdef inline PyObject* find(self, size_t name, size_t ns) noexcept:
        cdef size_t i = self._index(name, ns)
        while self.slots[i].value != NULL:
            if self.slots[i].name == name and self.slots[i].ns == ns:
                return self.slots[i].value
            i = (i + 1) & self.mask
        return NULL

    cdef void add(self, size_t name, size_t ns, object value) except *:
        cdef Slot* old
        cdef size_t i, n
        if 2 * (self.used + 1) > self.mask:         # keep it at most half full
            old, n = self.slots, self.mask + 1
            self.slots = <Slot*> calloc(2 * n, sizeof(Slot))
            if self.slots == NULL:
                self.slots = old
                raise MemoryError()
            self.mask = 2 * n - 1
            for i in range(n):
                if old[i].value != NULL:
                    self._put(old[i].name, old[i].ns, old[i].value)
            free(old)
        self.keep.append(value)
        self._put(name, ns, <PyObject*> value)
        self.used += 1

    cdef inline void _put(self, size_t name, size_t ns, PyObject* value) noexcept:
        cdef size_t i = self._index(name, ns)
        while self.slots[i].value != NULL:
            i = (i + 1) & self.mask
        self.slots[i].name = name
        self.slots[i].ns = ns
        self.slots[i].value = value


cdef inline bint _plain_id(str value):
    """``value`` is ASCII letters, digits, '_', '-' and '.', starting with a letter or '_':
    an id bpmn-moddle reads (``_valid_id`` says the same, slower; it decides the rest)."""
    cdef Py_ssize_t i, n = len(value)
    cdef Py_UCS4 ch
    if n == 0:
        return False
    for i in range(n):
        ch = value[i]
        if (ch >= u'a' and ch <= u'z') or (ch >= u'A' and ch <= u'Z') or ch == u'_':
            continue
        if i > 0 and ((ch >= u'0' and ch <= u'9') or ch == u'-' or ch == u'.'):
            continue
        return False
    return True


cdef inline bint _is_text_only(tree.xmlAttr* a):
    return a.children != NULL and a.children.next == NULL \
        and a.children.type == tree.XML_TEXT_NODE and a.children.content != NULL


# parent type -> child type -> whether the child may stand there (_allowed): the same for
# every document, and bounded by the number of BPMN types
cdef dict _ALLOWED = {}
# "{uri}local" -> (kind, local name, the URI when it is an unusual spelling of a known
# namespace, else None): the builder's _split, which is the same for every document unless
# the root's namespace was taken as BPMN's (then that document's builder answers). Names come
# from uploaded files, so the table is emptied when it grows beyond SPLITS_MAX.
cdef dict _SPLITS = {}
SPLITS_MAX = 4096


def _splits():
    """The shared table (for the tests)."""
    return dict(_SPLITS)


cdef inline Py_ssize_t _splits_max():
    return SPLITS_MAX       # a module attribute, so that a test can lower it


cdef class _Walk:
    cdef object b                  # the Python builder
    cdef bint shared               # _SPLITS holds this document's answers
    cdef cetree._Document doc
    cdef _Names names              # an element's (name, ns) pointers -> (tag, kind, local)
    cdef _Names keys               # an attribute's -> (key, kind, local)
    cdef dict allowed              # _ALLOWED
    cdef list elements, notices
    cdef dict by_id, type_lists
    cdef object by_type            # a defaultdict(list)
    cdef set seen_ids
    cdef list diagrams

    def __cinit__(self, builder, cetree._Element root):
        self.b = builder
        self.shared = not builder.forced_ns
        self.doc = root._doc
        self.names = _Names()
        self.keys = _Names()
        self.allowed = _ALLOWED
        self.elements = builder.elements
        self.notices = builder.notices
        self.by_id = builder.by_id
        self.type_lists = builder.type_lists
        self.by_type = builder.by_type
        self.seen_ids = builder.seen_ids
        self.diagrams = builder.diagrams

    # -- names --------------------------------------------------------------
    cdef tuple name(self, tree.xmlNode* c):
        """(tag, kind, local) of an element, as lxml's ``tag`` and the builder's _split."""
        cdef PyObject* hit = self.names.find(<size_t> c.name, <size_t> c.ns)
        if hit != NULL:
            return <tuple> hit
        tag = cetree.namespacedName(c)
        split = self.split(tag)
        value = (tag, split[0], split[1])
        self.names.add(<size_t> c.name, <size_t> c.ns, value)
        return value

    cdef tuple key(self, tree.xmlAttr* a):
        """(key, kind, local) of an attribute: its name as lxml gives it, and for a
        namespaced one the builder's _split of it (else kind -1)."""
        cdef PyObject* hit = self.keys.find(<size_t> a.name, <size_t> a.ns)
        if hit != NULL:
            return <tuple> hit
        key = cetree.namespacedName(<tree.xmlNode*> a)
        if (<str> key)[0] == "{":
            split = self.split(key)
            kind, local = split[0], split[1]
        else:
            kind, local = -1, key
        value = (key, kind, local)
        self.keys.add(<size_t> a.name, <size_t> a.ns, value)
        return value

    cdef tuple split(self, str tag):
        """The builder's ``_split(tag)`` as (kind, local, ...), answered from _SPLITS when
        another document already asked (an unusual spelling is then noted as the builder
        would have noted it)."""
        cdef tuple hit
        if not self.shared:
            return self.b._split(tag)
        hit = _SPLITS.get(tag)
        if hit is None:
            kind, local = self.b._split(tag)
            odd = None
            if tag[0] == "{":
                uri = tag[1:].split("}", 1)[0]
                if _ns_kind(uri)[1]:
                    odd = uri
            hit = (kind, local, odd)
            if len(_SPLITS) >= _splits_max():
                _SPLITS.clear()
            _SPLITS[tag] = hit
        elif hit[2] is not None:
            self.b.odd_ns.add(hit[2])
        return hit

    cdef bint is_allowed(self, str parent_type, frozenset parent_types, str child_type) except -1:
        cdef dict row = self.allowed.get(parent_type)
        if row is None:
            row = self.allowed[parent_type] = {}
        hit = row.get(child_type)
        if hit is None:
            hit = row[child_type] = bool(_allowed(parent_types, child_type))
        return hit is True

    cdef bint refuses(self, str eid) except -1:
        """The id is taken, or is no id bpmn-moddle reads."""
        return eid in self.seen_ids or not (_plain_id(eid) or _valid_id(eid))

    cdef object proxy(self, tree.xmlNode* c):
        return cetree.elementFactory(self.doc, c)

    cdef int line(self, tree.xmlNode* c):
        if c.line < 65535:
            return c.line
        return self.proxy(c).sourceline or 0   # libxml2 keeps larger lines elsewhere

    cdef dict attributes(self, tree.xmlNode* c, list ppb):
        """``dict(x.items())``; the keys of ppb attributes, with their local names, are
        added to ``ppb`` in document order."""
        cdef tree.xmlAttr* a = c.properties
        cdef dict out = {}
        cdef tuple key
        while a != NULL:
            key = self.key(a)
            if _is_text_only(a):
                out[key[0]] = _utf8(a.children.content)
            else:
                out[key[0]] = cetree.attributeValue(c, a)
            if key[1] == K_PPB:
                ppb.append(key)
            a = a.next
        return out

    cdef object get(self, tree.xmlNode* c, const char* attr):
        """``x.get(attr)`` for an attribute in no namespace."""
        cdef tree.xmlAttr* a = c.properties
        while a != NULL:
            if a.ns == NULL and strcmp(<const char*> a.name, attr) == 0:
                if _is_text_only(a):
                    return _utf8(a.children.content)
                return cetree.attributeValue(c, a)
            a = a.next
        return None

    # -- elements -----------------------------------------------------------
    cdef object element(self, tree.xmlNode* x, str type_name, object parent):
        cdef tree.xmlNode* child
        cdef tuple hit
        cdef list ppb = []
        cdef dict attrs = self.attributes(x, ppb)
        cdef dict ext = None
        cdef dict props
        if ppb:   # as the Python walk: local name -> the last key, then popped in that order
            ext = {}
            for key in ppb:
                ext[key[2]] = key[0]
            ext = {local: attrs.pop(key) for local, key in ext.items()}
        types = TYPES[type_name]
        # Element.__init__, without a Python frame per element (the same attributes, in
        # the same order)
        el = Element.__new__(Element)
        el.type = type_name
        el.types = types
        el.line = self.line(x)
        el.attrs = attrs
        el.id = attrs.get("id")
        el.name = attrs.get("name")
        if ext is not None:
            el.ext = ext
        if parent is not None:
            el.parent = parent
        self.elements.append(el)
        eid = el.id
        if eid is not None:
            self.seen_ids.add(eid)
            self.by_id[eid] = el
        lists = self.type_lists.get(type_name)
        if lists is None:
            by_type = self.by_type
            lists = self.type_lists[type_name] = tuple(by_type[t] for t in types)
        for bucket in <tuple> lists:
            bucket.append(el)
        child = x.children
        while child != NULL:
            if child.type != tree.XML_ELEMENT_NODE:
                child = child.next
                continue
            hit = self.name(child)
            kind = hit[1]
            local = hit[2]
            if kind == K_BPMN:
                ctype = TAG_TO_TYPE.get(local)
                if ctype is not None:
                    if not self.is_allowed(type_name, types, ctype):
                        self.notices.append(Notice("MISPLACED_ELEMENT", self.line(child),
                                                   self.get(child, "id"),
                                                   {"type": ctype, "parent": type_name}))
                        child = child.next
                        continue
                    cid = self.get(child, "id")
                    if cid is not None and self.refuses(cid) \
                            and self.b._id_refused(cid, self.proxy(child), ctype):
                        child = child.next
                        continue
                    self.attach(el, self.element(child, ctype, el))
                elif local in _REF_CHILDREN:
                    ref = (cetree.textOf(child) or "").strip()
                    if ref:
                        if el.ref_ids is NO_REFS:
                            el.ref_ids = {}
                        el.ref_ids.setdefault(local, []).append((ref, self.line(child)))
                elif local == "conditionExpression" or local == "condition":
                    p = self.proxy(child)
                    if not self.b._expression_type_ok(p):
                        self.notices.append(Notice("UNKNOWN_EXPRESSION_TYPE", self.line(child),
                                                   el.id, {"type": p.get(XSI_TYPE)}))
                        child = child.next
                        continue
                    el.has_condition = True
                    body = "".join(p.itertext())
                    el.condition = body if body.strip() else None
                elif local == "documentation":
                    text = "".join(self.proxy(child).itertext()).strip()
                    if text:
                        el.documentation = text if el.documentation is None \
                            else el.documentation + "\n" + text
                elif local == "text":
                    el.text = "".join(self.proxy(child).itertext())
                elif local == "extensionElements":
                    self.extensions(el, child)
                elif local == "childLaneSet":
                    lane_set = self.element(child, "LaneSet", el)
                    el.child_lane_set = lane_set
                    if el.children is NO_LIST:
                        el.children = []
                    el.children.append(lane_set)
                elif not _has_element_child(child):
                    props = el.props
                    if props is NO_PROPS:
                        props = el.props = {}
                    props[local] = (cetree.textOf(child) or "").strip()
            elif kind == K_DI and local == "BPMNDiagram" and type_name == "Definitions":
                self.diagram(child)
            child = child.next
        return el

    cdef void extensions(self, el, tree.xmlNode* top) except *:
        """The builder's _extensions: ppb keys given as camunda:property / zeebe:property
        name="ppb:..." entries, in document order below ``top`` (an attribute on the
        element itself wins)."""
        cdef tree.xmlNode* c = top.children
        cdef tree.xmlNode* up
        cdef dict ext
        while c != NULL and c != top:
            if c.type == tree.XML_ELEMENT_NODE:
                if strcmp(<const char*> c.name, "property") == 0:
                    name = self.get(c, "name") or ""
                    if (<str> name).startswith("ppb:"):
                        ext = el.ext
                        if ext is NO_EXT:
                            ext = el.ext = {}
                        if name[4:] not in ext:
                            ext[name[4:]] = self.get(c, "value") or (cetree.textOf(c) or "").strip()
                if c.children != NULL:
                    c = c.children
                    continue
            # next in document order: a sibling, else an ancestor's sibling, below top
            while c != top and c.next == NULL:
                c = c.parent
            if c == top:
                break
            c = c.next

    cdef void attach(self, parent, child) except *:
        children = parent.children
        if children is NO_LIST:
            parent.children = [child]
        else:
            children.append(child)
        ct = child.types
        pt = parent.types
        if "FlowElement" in ct and "FlowElementsContainer" in pt:
            _push(parent, "flow_elements", child)
        elif "Artifact" in ct:
            _push(parent, "artifacts", child)
        elif "EventDefinition" in ct and "Event" in pt:
            _push(parent, "event_definitions", child)
        else:
            ctype = child.type
            if ctype == "LaneSet":
                _push(parent, "lane_sets", child)
            elif ctype == "Lane" and parent.type == "LaneSet":
                _push(parent, "lanes", child)
            elif ctype == "Participant":
                _push(parent, "participants", child)
            elif ctype == "MessageFlow":
                _push(parent, "message_flows", child)
            elif "LoopCharacteristics" in ct:
                parent.loop = child

    # -- diagram interchange -------------------------------------------------
    cdef void diagram(self, tree.xmlNode* x) except *:
        cdef tree.xmlNode* plane
        cdef tree.xmlNode* item
        cdef tuple hit
        diagram = Diagram(id=self.get(x, "id"), name=self.get(x, "name"), line=self.line(x))
        self.diagrams.append(diagram)
        seen = self.seen_ids
        plane = x.children
        while plane != NULL:
            if plane.type != tree.XML_ELEMENT_NODE:
                plane = plane.next
                continue
            hit = self.name(plane)
            if hit[1] != K_DI or hit[2] != "BPMNPlane":
                plane = plane.next
                continue
            diagram.has_plane = True
            diagram.plane_element_id = self.get(plane, "bpmnElement")
            shapes = []
            edges = []
            diagram.shapes, diagram.edges = shapes, edges
            item = plane.children
            while item != NULL:
                if item.type != tree.XML_ELEMENT_NODE:
                    item = item.next
                    continue
                hit = self.name(item)
                local = hit[2]
                if hit[1] != K_DI or (local != "BPMNShape" and local != "BPMNEdge"):
                    item = item.next
                    continue
                did = self.get(item, "id")
                if did is not None:
                    if self.refuses(did):
                        self.b._id_refused(did, self.proxy(item), local)
                        item = item.next
                        continue
                    seen.add(did)
                if local == "BPMNShape":
                    shapes.append(self.shape(item, did))
                else:
                    edges.append(self.edge(item, did))
                item = item.next
            plane = plane.next

    cdef object bounds_of(self, tree.xmlNode* parent):
        """The builder's _bounds: the first dc:Bounds child (any spelling when the file
        has odd namespaces), read."""
        cdef tree.xmlNode* c = parent.children
        while c != NULL:
            if c.type == tree.XML_ELEMENT_NODE and self.name(c)[0] == DC_BOUNDS:
                return self.read_bounds(c)
            c = c.next
        if not self.b.odd_ns:
            return None
        return self.b._bounds(self.proxy(parent))

    cdef bint number(self, tree.xmlNode* c, const char* attr, double* out):
        """The attribute ``attr`` (in no namespace) when it is a plain decimal; False when
        it is missing or anything else (the caller reads it the slow way)."""
        cdef tree.xmlAttr* a = c.properties
        while a != NULL:
            if a.ns == NULL and strcmp(<const char*> a.name, attr) == 0:
                return _is_text_only(a) and _plain_decimal(<const char*> a.children.content, out)
            a = a.next
        return False

    cdef object read_bounds(self, tree.xmlNode* b):
        cdef double x, y, w, h
        if self.number(b, "x", &x) and self.number(b, "y", &y) \
                and self.number(b, "width", &w) and self.number(b, "height", &h):
            return Bounds(x, y, w, h)
        gx, gy = self.get(b, "x"), self.get(b, "y")
        gw, gh = self.get(b, "width"), self.get(b, "height")
        try:
            return Bounds(float(gx), float(gy), float(gw), float(gh))
        except (TypeError, ValueError):
            return Bounds(_num(gx), _num(gy), _num(gw), _num(gh))

    cdef object shape(self, tree.xmlNode* x, did):
        cdef tree.xmlNode* child
        cdef tree.xmlNode* bounds_x = NULL
        cdef tree.xmlNode* label_x = NULL
        cdef int count = 0
        exp = self.get(x, "isExpanded")
        hor = self.get(x, "isHorizontal")
        child = x.children
        while child != NULL:
            if cetree._isElement(child):
                count += 1
                if child.type == tree.XML_ELEMENT_NODE:
                    tag = self.name(child)[0]
                    if tag == DC_BOUNDS:
                        if bounds_x == NULL:
                            bounds_x = child
                    elif tag == BPMN_LABEL and label_x == NULL:
                        label_x = child
            child = child.next
        label = self.bounds_of(label_x) if count > 1 and label_x != NULL else None
        if bounds_x != NULL:
            bounds = self.read_bounds(bounds_x)
        elif self.b.odd_ns:
            bounds = self.b._bounds(self.proxy(x))
        else:
            bounds = None
        return Shape(did, self.get(x, "bpmnElement"), None, bounds, self.line(x),
                     None if exp is None else exp == "true",
                     None if hor is None else hor == "true", label)

    cdef object edge(self, tree.xmlNode* x, did):
        cdef tree.xmlNode* child = x.children
        cdef double fx, fy
        points = []
        while child != NULL:
            if child.type == tree.XML_ELEMENT_NODE:
                tag = self.name(child)[0]
                if tag == "waypoint" or (<str> tag).endswith("}waypoint"):
                    if self.number(child, "x", &fx) and self.number(child, "y", &fy):
                        points.append((fx, fy))
                        child = child.next
                        continue
                    gx, gy = self.get(child, "x"), self.get(child, "y")
                    try:
                        points.append((float(gx), float(gy)))
                    except (TypeError, ValueError):
                        px, py = _num(gx), _num(gy)
                        if px is not None and py is not None:
                            points.append((px, py))
            child = child.next
        return Edge(did, self.get(x, "bpmnElement"), None, points, self.line(x))


cdef inline bint _has_element_child(tree.xmlNode* c):
    """``len(x) != 0`` as lxml counts children (elements, comments, PIs, entity refs)."""
    cdef tree.xmlNode* k = c.children
    while k != NULL:
        if cetree._isElement(k):
            return True
        k = k.next
    return False


cdef inline void _push(el, str attr, value) except *:
    current = getattr(el, attr)
    if type(current) is tuple:
        setattr(el, attr, [value])
    else:
        current.append(value)


def walk(builder, cetree._Element root):
    """The definitions element, built from ``root`` into ``builder``'s tables (the Python
    builder's ``_element(root, "Definitions", None)``)."""
    return _Walk(builder, root).element(root._c_node, "Definitions", None)


def resolve(builder):
    """The builder's _resolve: references by id made into links, and the dangling ones
    listed, in the same order."""
    cdef list dangling = []
    cdef dict by_id = builder.by_id
    cdef dict attrs
    for el in <list> builder.elements:
        attrs = el.attrs
        if REF_OR_QNAME.isdisjoint(attrs):
            if el.ref_ids is not NO_REFS:
                _resolve_children(el, by_id, dangling)
            continue
        for attr in [k for k in attrs if k in REF_ATTRS]:
            ref = attrs[attr]
            target = by_id.get(ref)
            if target is None:
                dangling.append((el, attr, ref))
                continue
            if attr == "sourceRef":
                el.source = target
            elif attr == "targetRef":
                el.target = target
            elif attr == "processRef":
                el.process = target
            elif attr == "attachedToRef":
                el.attached_to = target
            else:
                el.default = target
        for attr in [k for k in attrs if k in QNAME_ATTRS]:
            ref = attrs[attr]
            stripped = ref.strip()
            if stripped:
                target = by_id.get(stripped)
                if target is None and ":" in stripped:
                    target = by_id.get(stripped.rsplit(":", 1)[1])
                if target is None:
                    dangling.append((el, attr, ref))
        if el.ref_ids is not NO_REFS:
            _resolve_children(el, by_id, dangling)
    for flow in builder.by_type.get("SequenceFlow", ()):
        if flow.source is not None:
            _push(flow.source, "out_flows", flow)
        if flow.target is not None:
            _push(flow.target, "in_flows", flow)
    for diagram in builder.diagrams:
        if diagram.plane_element_id:
            diagram.plane_element = by_id.get(diagram.plane_element_id)
        for item in diagram.shapes:
            if item.element_id is not None:
                item.element = by_id.get(item.element_id)
        for item in diagram.edges:
            if item.element_id is not None:
                item.element = by_id.get(item.element_id)
    return dangling


cdef void _resolve_children(el, dict by_id, list dangling) except *:
    cdef list resolved
    for key, refs in (<dict> el.ref_ids).items():
        resolved = []
        for ref, _line in refs:
            target = by_id.get(ref)
            if target is None:
                dangling.append((el, key, ref))
            else:
                resolved.append(target)
        if key == "incoming":
            el.incoming = resolved
        elif key == "outgoing":
            el.outgoing = resolved
        elif key == "flowNodeRef":
            el.flow_node_refs = resolved
            for node in resolved:
                node.lane = el
        elif key == "sourceRef" and resolved:
            el.source = resolved[0]
        elif key == "targetRef" and resolved:
            el.target = resolved[0]
