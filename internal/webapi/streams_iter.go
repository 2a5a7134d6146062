package webapi

import (
	"github.com/dop251/goja"
)

// asyncIterator is the Go side of a ReadableStream's async iterator (values(),
// [Symbol.asyncIterator]()), with Web IDL's ongoing-promise queue: a next() or return()
// called before the previous one settled runs after it.
type asyncIterator struct {
	hostSlots
	r             *streamsRealm
	reader        *defaultReader
	preventCancel bool
	ongoing       *future // nil when no call is in flight
	finished      bool
}

// asyncIteratorSymbol returns Symbol.asyncIterator. goja has none; the bundler's
// prelude defines it as Symbol.for("Symbol.asyncIterator"), and so does
// installAsyncIteration, which runs first.
func (r *streamsRealm) asyncIteratorSymbol() *goja.Symbol {
	symbol := r.vm.Get("Symbol").ToObject(r.vm)
	if s, ok := symbol.Get("asyncIterator").(*goja.Symbol); ok {
		return s
	}
	symFor, _ := goja.AssertFunction(symbol.Get("for"))
	v, err := symFor(symbol, r.vm.ToValue("Symbol.asyncIterator"))
	if err != nil {
		panic(err)
	}
	s := v.(*goja.Symbol)
	_ = symbol.DefineDataProperty("asyncIterator", s, goja.FLAG_FALSE, goja.FLAG_FALSE,
		goja.FLAG_FALSE)
	return s
}

// installAsyncIteration defines values and [Symbol.asyncIterator] (the same function)
// on ReadableStream.prototype, and the iterators' prototype, which inherits from an
// object standing for %AsyncIteratorPrototype% (goja has no async generators).
func (r *streamsRealm) installAsyncIteration() error {
	vm := r.vm
	sym := r.asyncIteratorSymbol()
	if err := r.readableProto.DefineDataPropertySymbol(sym, r.readableProto.Get("values"),
		goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
		return err
	}
	asyncIterProto := vm.NewObject()
	self := newHostFunc(vm, "[Symbol.asyncIterator]", 0, func(call goja.FunctionCall) goja.Value {
		return call.This
	})
	if err := asyncIterProto.DefineDataPropertySymbol(sym, self, goja.FLAG_TRUE, goja.FLAG_TRUE,
		goja.FLAG_FALSE); err != nil {
		return err
	}
	proto := vm.NewObject()
	_ = proto.SetPrototype(asyncIterProto)
	defineMember(vm, proto, hostMember{name: "next", fn: r.iterNext})
	defineMember(vm, proto, hostMember{name: "return", length: 1, fn: r.iterReturn})
	_ = proto.DefineDataPropertySymbol(goja.SymToStringTag,
		vm.ToValue("ReadableStream AsyncIterator"), goja.FLAG_FALSE, goja.FLAG_TRUE,
		goja.FLAG_FALSE)
	r.asyncIterProto = proto
	return nil
}

// values is ReadableStream.prototype.values(options).
func (r *streamsRealm) values(s *readableStream, options goja.Value) goja.Value {
	opts := r.dictionary(options, "ReadableStream.values: options")
	preventCancel := boolMember(opts, "preventCancel")
	it := &asyncIterator{r: r, reader: r.acquireDefaultReader(s), preventCancel: preventCancel}
	return newHostObject(r.vm, it, r.asyncIterProto)
}

// iterNext is the async iterator's next().
func (r *streamsRealm) iterNext(call goja.FunctionCall) goja.Value {
	it, ok := hostValue[*asyncIterator](call.This)
	if !ok {
		return r.rejected(r.typeError("next: receiver is not a ReadableStream async iterator")).
			promise()
	}
	if it.ongoing != nil {
		after := r.newFuture()
		steps := func(goja.Value) { after.follow(it.nextSteps()) }
		it.ongoing.then(steps, steps)
		it.ongoing = after
	} else {
		it.ongoing = it.nextSteps()
	}
	return it.ongoing.promise()
}

// nextSteps runs one next(): the next chunk, or the end, as an iterator result. As in
// Web IDL, the ongoing call is cleared in the reaction to the read, not by the read.
func (it *asyncIterator) nextSteps() *future {
	r := it.r
	if it.finished {
		return r.resolved(r.iterResult(nil, true))
	}
	rd := it.reader
	if rd.stream == nil {
		it.finished = true
		return r.rejected(r.typeError("the iterator's reader was released"))
	}
	next := r.newFuture()
	end := false
	rd.read(&readSteps{
		onChunk: next.resolve,
		onClose: func() {
			rd.releaseLock()
			end = true
			next.resolve(goja.Undefined())
		},
		onError: func(e goja.Value) {
			rd.releaseLock()
			next.reject(e)
		},
	})
	res := r.newFuture()
	next.then(func(v goja.Value) {
		it.ongoing = nil
		if end {
			it.finished = true
			res.resolve(r.iterResult(nil, true))
			return
		}
		res.resolve(r.iterResult(v, false))
	}, func(e goja.Value) {
		it.ongoing = nil
		it.finished = true
		res.reject(e)
	})
	return res
}

// iterReturn is the async iterator's return(value).
func (r *streamsRealm) iterReturn(call goja.FunctionCall) goja.Value {
	it, ok := hostValue[*asyncIterator](call.This)
	if !ok {
		return r.rejected(r.typeError("return: receiver is not a ReadableStream async iterator")).
			promise()
	}
	value := argOrUndefined(call, 0)
	if it.ongoing != nil {
		after := r.newFuture()
		steps := func(goja.Value) { after.follow(it.returnSteps(value)) }
		it.ongoing.then(steps, steps)
		it.ongoing = after
	} else {
		it.ongoing = it.returnSteps(value)
	}
	res := r.newFuture()
	it.ongoing.then(func(goja.Value) { res.resolve(r.iterResult(value, true)) }, res.reject)
	return res.promise()
}

// returnSteps runs one return(value): it cancels the stream unless preventCancel.
func (it *asyncIterator) returnSteps(value goja.Value) *future {
	r := it.r
	if it.finished {
		return r.resolved(r.iterResult(value, true))
	}
	it.finished = true
	rd := it.reader
	if rd.stream == nil {
		return r.resolved(goja.Undefined())
	}
	if !it.preventCancel {
		res := rd.cancel(value)
		rd.releaseLock()
		return res
	}
	rd.releaseLock()
	return r.resolved(goja.Undefined())
}

// from is ReadableStream.from(asyncIterable): a stream over an async iterable, or a
// sync one whose values are awaited (as CreateAsyncFromSyncIterator does).
func (r *streamsRealm) from(call goja.FunctionCall) goja.Value {
	vm := r.vm
	requireArgs(vm, call, 1, "ReadableStream.from")
	iterable := call.Arguments[0]
	if isNullish(iterable) {
		r.throwTypeError("ReadableStream.from: the argument is not iterable")
	}
	obj := iterable.ToObject(vm)
	method := obj.GetSymbol(r.asyncIteratorSymbol())
	async := !isNullish(method)
	if !async {
		method = obj.GetSymbol(goja.SymIterator)
	}
	fn, ok := goja.AssertFunction(method)
	if !ok {
		r.throwTypeError("ReadableStream.from: the argument is not iterable")
	}
	itv, thrown := r.invoke(fn, iterable)
	if thrown != nil {
		panic(thrown)
	}
	iterator, ok := itv.(*goja.Object)
	if !ok {
		r.throwTypeError("ReadableStream.from: the iterator is not an object")
	}
	src := &iterableSource{r: r, iterator: iterator, next: member(iterator, "next"), async: async}
	src.stream = r.newReadable(nil, src.pull, src.cancel, 0, nil)
	return src.stream.object()
}

// iterableSource is the underlying source of a stream made by ReadableStream.from.
type iterableSource struct {
	r        *streamsRealm
	stream   *readableStream
	iterator *goja.Object
	next     goja.Value // the iterator's next method, read once
	async    bool       // an async iterator; a sync one's values are awaited
}

// settledResult returns the future of an iterator method's result: awaited for an async
// iterator.
func (src *iterableSource) settledResult(v goja.Value) *future {
	if src.async {
		return src.r.fromJS(v)
	}
	return src.r.resolved(v)
}

// pull calls next() and enqueues its value, or closes the stream when it is done.
func (src *iterableSource) pull() *future {
	r := src.r
	nextFn, ok := goja.AssertFunction(src.next)
	if !ok {
		return r.rejected(r.typeError("ReadableStream.from: the iterator's next is not a function"))
	}
	res, thrown := r.invoke(nextFn, src.iterator)
	if thrown != nil {
		return r.rejected(thrown)
	}
	done := r.newFuture()
	src.settledResult(res).then(func(res goja.Value) { src.step(res, done) }, done.reject)
	return done
}

// step handles one iterator result.
func (src *iterableSource) step(res goja.Value, done *future) {
	r := src.r
	c := src.stream.controller.(*defaultController)
	ro, ok := res.(*goja.Object)
	if !ok {
		done.reject(r.typeError("ReadableStream.from: the iterator result is not an object"))
		return
	}
	var isDone bool
	var value goja.Value
	if thrown := r.try(func() {
		if isDone = member(ro, "done").ToBoolean(); !isDone {
			value = member(ro, "value")
		}
	}); thrown != nil {
		done.reject(thrown)
		return
	}
	switch {
	case isDone:
		c.close()
		done.resolve(goja.Undefined())
	case src.async:
		c.enqueue(value)
		done.resolve(goja.Undefined())
	default:
		r.fromJS(value).then(func(v goja.Value) {
			c.enqueue(v)
			done.resolve(goja.Undefined())
		}, done.reject)
	}
}

// cancel calls the iterator's return(reason), when it has one.
func (src *iterableSource) cancel(reason goja.Value) *future {
	r := src.r
	var ret goja.Value
	if thrown := r.try(func() { ret = member(src.iterator, "return") }); thrown != nil {
		return r.rejected(thrown)
	}
	if isNullish(ret) {
		return r.resolved(goja.Undefined())
	}
	retFn, ok := goja.AssertFunction(ret)
	if !ok {
		return r.rejected(r.typeError("ReadableStream.from: the iterator's return is not a function"))
	}
	res, thrown := r.invoke(retFn, src.iterator, reason)
	if thrown != nil {
		return r.rejected(thrown)
	}
	out := r.newFuture()
	src.settledResult(res).then(func(v goja.Value) {
		if _, ok := v.(*goja.Object); !ok {
			out.reject(r.typeError("ReadableStream.from: the iterator's return result is not an object"))
			return
		}
		out.resolve(goja.Undefined())
	}, out.reject)
	return out
}
